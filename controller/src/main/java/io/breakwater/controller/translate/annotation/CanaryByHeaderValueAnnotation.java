package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/canary-by-header-value}: the value {@code canary-by-header} must have. */
public final class CanaryByHeaderValueAnnotation extends Annotation<String> {

  static final CanaryByHeaderValueAnnotation INSTANCE = new CanaryByHeaderValueAnnotation();

  private CanaryByHeaderValueAnnotation() {
    super(
        "canary-by-header-value",
        Scope.INGRESS,
        Target.ROUTE,
        "a header value, matched exactly",
        "`always`",
        "With `canary-by-header`: the exact value that sends a request to the canary. Without"
            + " `canary-by-header` it is a Warning and ignored.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.headerValue(text);
  }
}
