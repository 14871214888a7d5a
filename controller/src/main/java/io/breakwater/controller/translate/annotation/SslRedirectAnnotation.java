package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/ssl-redirect}: maps onto the Ingress's routes' traffic policy. */
public final class SslRedirectAnnotation extends Annotation<Boolean> {

  static final SslRedirectAnnotation INSTANCE = new SslRedirectAnnotation();

  private SslRedirectAnnotation() {
    super(
        "ssl-redirect",
        Scope.INGRESS,
        Target.ROUTE,
        "`true` or `false`",
        "`false`",
        "Redirect plain HTTP requests to HTTPS with 308 (the routes' `policy.sslRedirect`);"
            + " requests that came over TLS are served.");
  }

  @Override
  protected Boolean parseTrimmed(String text) {
    return Values.bool(text);
  }
}
