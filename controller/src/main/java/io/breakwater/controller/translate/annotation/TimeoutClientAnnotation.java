package io.breakwater.controller.translate.annotation;

import java.time.Duration;

/**
 * {@code breakwater.io/timeout-client}: recognized, not supported. The dataplane's client timeout
 * belongs to the frontend, which every Ingress shares, so one Ingress cannot have its own.
 */
public final class TimeoutClientAnnotation extends Annotation<Duration> {

  static final TimeoutClientAnnotation INSTANCE = new TimeoutClientAnnotation();

  private TimeoutClientAnnotation() {
    super(
        "timeout-client",
        Scope.INGRESS,
        Target.NONE,
        "duration > 0, e.g. `30s`",
        "`defaults.timeouts.client` (`50s`)",
        "Inactivity while the client is expected to send. Not per Ingress yet: the dataplane's"
            + " client timeout belongs to its frontend, which all Ingresses share; set"
            + " `defaults.timeouts.client` in the dataplane config instead.");
  }

  @Override
  protected Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }
}
