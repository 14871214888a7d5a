package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/hsts}: recognized, not supported (no TLS in the dataplane yet). */
public final class HstsAnnotation extends Annotation<Boolean> {

  static final HstsAnnotation INSTANCE = new HstsAnnotation();

  private HstsAnnotation() {
    super(
        "hsts",
        Scope.INGRESS,
        Target.NONE,
        "`true` or `false`",
        "`false`",
        "Add `Strict-Transport-Security` to HTTPS responses. Needs TLS, which the dataplane does"
            + " not serve yet.");
  }

  @Override
  protected Boolean parseTrimmed(String text) {
    return Values.bool(text);
  }
}
