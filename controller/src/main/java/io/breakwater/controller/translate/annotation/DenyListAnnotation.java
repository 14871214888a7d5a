package io.breakwater.controller.translate.annotation;

import java.util.List;

/** {@code breakwater.io/deny-list}: maps onto the Ingress's routes' traffic policy. */
public final class DenyListAnnotation extends Annotation<List<String>> {

  static final DenyListAnnotation INSTANCE = new DenyListAnnotation();

  private DenyListAnnotation() {
    super(
        "deny-list",
        Scope.INGRESS,
        Target.ROUTE,
        "IPv4/IPv6 addresses and CIDR ranges separated by commas, e.g. `10.0.0.0/8, fd00::/8`",
        "none",
        "Answer 403 to clients within these ranges (the routes' `policy.denyList`).");
  }

  @Override
  protected List<String> parseTrimmed(String text) {
    return Values.cidrs(text);
  }
}
