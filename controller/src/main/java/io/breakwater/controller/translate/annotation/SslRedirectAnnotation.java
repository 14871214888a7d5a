package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/ssl-redirect}: recognized, not supported (no TLS in the dataplane yet). */
public final class SslRedirectAnnotation extends Annotation<Boolean> {

  static final SslRedirectAnnotation INSTANCE = new SslRedirectAnnotation();

  private SslRedirectAnnotation() {
    super(
        "ssl-redirect",
        Scope.INGRESS,
        Target.NONE,
        "`true` or `false`",
        "`false`",
        "Redirect plain HTTP requests to HTTPS. Needs TLS, which the dataplane does not serve"
            + " yet.");
  }

  @Override
  protected Boolean parseTrimmed(String text) {
    return Values.bool(text);
  }
}
