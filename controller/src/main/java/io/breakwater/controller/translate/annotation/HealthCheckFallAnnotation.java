package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/health-check-fall}: failed checks that take a pod DOWN. */
public final class HealthCheckFallAnnotation extends Annotation<Integer> {

  static final HealthCheckFallAnnotation INSTANCE = new HealthCheckFallAnnotation();

  private HealthCheckFallAnnotation() {
    super(
        "health-check-fall",
        Scope.BOTH,
        Target.BACKEND,
        "integer 1..100",
        "`3`",
        "Consecutive failed checks that take an UP pod DOWN (`backends[].healthCheck.fall`)."
            + " Without `health-check`, turns on the default (`tcp`) check.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 1, 100);
  }

  @Override
  public void apply(Integer value, BackendDraft draft) {
    draft.checkFall(value);
  }
}
