package io.breakwater.dataplane.config;

import java.time.Duration;

/**
 * Fault injection for chaos experiments (off unless configured): delay some requests, abort some
 * with a status. A route's faults replace its backend's.
 *
 * @param delay {@code null} = no delays
 * @param abort {@code null} = no aborts
 */
public record Faults(Delay delay, Abort abort) {

  /** The share of requests a delay or abort applies to when the config does not say. */
  public static final double DEFAULT_PERCENT = 100;

  /**
   * @param percent share of requests delayed, 0..100
   * @param duration how long
   */
  public record Delay(double percent, Duration duration) {}

  /**
   * @param percent share of requests aborted, 0..100
   * @param status the answer, 200..599
   */
  public record Abort(double percent, int status) {}
}
