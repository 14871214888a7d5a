package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/canary-by-header}: a request header that sends requests to the canary. */
public final class CanaryByHeaderAnnotation extends Annotation<String> {

  static final CanaryByHeaderAnnotation INSTANCE = new CanaryByHeaderAnnotation();

  private CanaryByHeaderAnnotation() {
    super(
        "canary-by-header",
        Scope.INGRESS,
        Target.ROUTE,
        "a header name, e.g. `X-Canary`",
        "none",
        "With `canary: \"true\"`: requests whose header has the value `canary-by-header-value`"
            + " (default `always`) go to the canary, whatever the weight (the route's"
            + " `split[].header`). Other values fall through to the weight; unlike ingress-nginx,"
            + " `never` has no special meaning.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.headerName(text);
  }
}
