package io.breakwater.controller.translate.annotation;

import java.util.Map;

/** {@code breakwater.io/response-set-header}: maps onto the Ingress's routes' traffic policy. */
public final class ResponseSetHeaderAnnotation extends Annotation<Map<String, String>> {

  static final ResponseSetHeaderAnnotation INSTANCE = new ResponseSetHeaderAnnotation();

  private ResponseSetHeaderAnnotation() {
    super(
        "response-set-header",
        Scope.INGRESS,
        Target.ROUTE,
        "one header per line, `Name: value`",
        "none",
        "Set these headers on every response of the Ingress's routes, replacing any of the same"
            + " name (the routes' `policy.responseHeaders.set`).");
  }

  @Override
  protected Map<String, String> parseTrimmed(String text) {
    return Values.headers(text);
  }
}
