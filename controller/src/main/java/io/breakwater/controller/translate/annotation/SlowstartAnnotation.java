package io.breakwater.controller.translate.annotation;

import java.time.Duration;

/** {@code breakwater.io/slowstart}: a pod coming UP ramps its share over this time. */
public final class SlowstartAnnotation extends Annotation<Duration> {

  static final SlowstartAnnotation INSTANCE = new SlowstartAnnotation();

  private SlowstartAnnotation() {
    super(
        "slowstart",
        Scope.BOTH,
        Target.BACKEND,
        "duration > 0, e.g. `30s`",
        "`defaults.slowstart` (none)",
        "A pod that comes UP after being DOWN takes its full share of requests only after this"
            + " time, growing linearly (`backends[].slowstart`).");
  }

  @Override
  protected Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }

  @Override
  public void apply(Duration value, BackendDraft draft) {
    draft.slowstart(value);
  }
}
