package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/health-check-rise}: passed checks that bring a pod UP. */
public final class HealthCheckRiseAnnotation extends Annotation<Integer> {

  static final HealthCheckRiseAnnotation INSTANCE = new HealthCheckRiseAnnotation();

  private HealthCheckRiseAnnotation() {
    super(
        "health-check-rise",
        Scope.BOTH,
        Target.BACKEND,
        "integer 1..100",
        "`2`",
        "Consecutive passed checks that bring a DOWN pod UP (`backends[].healthCheck.rise`)."
            + " Without `health-check`, turns on the default (`tcp`) check.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 1, 100);
  }

  @Override
  public void apply(Integer value, BackendDraft draft) {
    draft.checkRise(value);
  }
}
