package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/hsts}: maps onto the Ingress's routes' traffic policy. */
public final class HstsAnnotation extends Annotation<Boolean> {

  static final HstsAnnotation INSTANCE = new HstsAnnotation();

  private HstsAnnotation() {
    super(
        "hsts",
        Scope.INGRESS,
        Target.ROUTE,
        "`true` or `false`",
        "`false`",
        "Add `Strict-Transport-Security` (max-age one year) to answers to HTTPS requests (the"
            + " routes' `policy.hsts`).");
  }

  @Override
  protected Boolean parseTrimmed(String text) {
    return Values.bool(text);
  }
}
