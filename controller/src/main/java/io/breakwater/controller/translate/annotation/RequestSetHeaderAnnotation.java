package io.breakwater.controller.translate.annotation;

import java.util.Map;

/** {@code breakwater.io/request-set-header}: maps onto the Ingress's routes' traffic policy. */
public final class RequestSetHeaderAnnotation extends Annotation<Map<String, String>> {

  static final RequestSetHeaderAnnotation INSTANCE = new RequestSetHeaderAnnotation();

  private RequestSetHeaderAnnotation() {
    super(
        "request-set-header",
        Scope.INGRESS,
        Target.ROUTE,
        "one header per line, `Name: value`",
        "none",
        "Set these headers on every request of the Ingress's routes, replacing any of the same"
            + " name (the routes' `policy.requestHeaders.set`).");
  }

  @Override
  protected Map<String, String> parseTrimmed(String text) {
    return Values.headers(text);
  }
}
