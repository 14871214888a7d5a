package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;

/** The shape of the backend timeout annotations: a positive duration for one timeout. */
abstract sealed class BackendTimeoutAnnotation extends Annotation<Duration>
    permits TimeoutConnectAnnotation,
        TimeoutServerAnnotation,
        TimeoutQueueAnnotation,
        TimeoutTunnelAnnotation {

  BackendTimeoutAnnotation(String name, String configKey, String defaultValue, String what) {
    super(
        name,
        Scope.BOTH,
        Target.BACKEND,
        "duration > 0, e.g. `5s`",
        "`defaults.timeouts." + configKey + "` (`" + defaultValue + "`)",
        what + "; sets `backends[].timeouts." + configKey + "`.");
  }

  @Override
  protected final Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }

  @Override
  public final void apply(Duration value, BackendDraft draft) {
    draft.timeouts(with(draft.timeouts(), value));
  }

  /** The timeouts with this annotation's one replaced. */
  abstract Timeouts with(Timeouts t, Duration d);
}
