package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/canary-by-cookie}: a cookie that sends requests to the canary. */
public final class CanaryByCookieAnnotation extends Annotation<String> {

  static final CanaryByCookieAnnotation INSTANCE = new CanaryByCookieAnnotation();

  private CanaryByCookieAnnotation() {
    super(
        "canary-by-cookie",
        Scope.INGRESS,
        Target.ROUTE,
        "a cookie name, e.g. `canary`",
        "none",
        "With `canary: \"true\"`: requests carrying this cookie with the value `always` go to the"
            + " canary, whatever the weight (the route's `split[].cookie`); a header match comes"
            + " first.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.cookieName(text);
  }
}
