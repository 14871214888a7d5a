package io.breakwater.controller.translate.annotation;

import java.util.List;

/** {@code breakwater.io/allow-list}: maps onto the Ingress's routes' traffic policy. */
public final class AllowListAnnotation extends Annotation<List<String>> {

  static final AllowListAnnotation INSTANCE = new AllowListAnnotation();

  private AllowListAnnotation() {
    super(
        "allow-list",
        Scope.INGRESS,
        Target.ROUTE,
        "IPv4/IPv6 addresses and CIDR ranges separated by commas, e.g. `10.0.0.0/8, fd00::/8`",
        "none",
        "Answer 403 to clients outside these ranges (the routes' `policy.allowList`).");
  }

  @Override
  protected List<String> parseTrimmed(String text) {
    return Values.cidrs(text);
  }
}
