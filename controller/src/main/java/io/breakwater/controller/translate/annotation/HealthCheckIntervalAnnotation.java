package io.breakwater.controller.translate.annotation;

import java.time.Duration;

/** {@code breakwater.io/health-check-interval}: time between checks. */
public final class HealthCheckIntervalAnnotation extends Annotation<Duration> {

  static final HealthCheckIntervalAnnotation INSTANCE = new HealthCheckIntervalAnnotation();

  private HealthCheckIntervalAnnotation() {
    super(
        "health-check-interval",
        Scope.BOTH,
        Target.BACKEND,
        "duration > 0, e.g. `2s`",
        "`2s`",
        "Time between checks of a steadily UP pod (`backends[].healthCheck.interval`); as in the"
            + " config file, the check's `fastinter`, `downinter` and `timeout` follow it."
            + " Without `health-check`, turns on the default (`tcp`) check.");
  }

  @Override
  protected Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }

  @Override
  public void apply(Duration value, BackendDraft draft) {
    draft.checkInterval(value);
  }
}
