package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/health-check-path}: what an HTTP health check requests. */
public final class HealthCheckPathAnnotation extends Annotation<String> {

  static final HealthCheckPathAnnotation INSTANCE = new HealthCheckPathAnnotation();

  private HealthCheckPathAnnotation() {
    super(
        "health-check-path",
        Scope.BOTH,
        Target.BACKEND,
        "a path starting with `/`, e.g. `/healthz`",
        "`/`",
        "Request target of HTTP checks (`backends[].healthCheck.path`); may hold a query."
            + " Without `health-check`, turns on an `http` check.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.absolutePath(text);
  }

  @Override
  public void apply(String value, BackendDraft draft) {
    draft.checkPath(value);
  }
}
