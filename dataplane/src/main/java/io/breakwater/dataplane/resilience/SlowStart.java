package io.breakwater.dataplane.resilience;

import java.time.Duration;

/**
 * HAProxy's {@code slowstart}: a server that comes back UP takes a share of its weight growing
 * linearly over {@code slowstart}, from a floor of {@code max(1/weight, 1%)} to all of it, so a
 * cold server is not flooded. The caller applies it only to servers that came UP after a failure,
 * never to servers present when the process started or added by a config change (HAProxy: "never
 * applied at process start").
 *
 * <p>Integer weights leave no room below 1: a weight-1 server has no ramp. A balancer that wants
 * one scales the weights first, as HAProxy does by 16 ({@code BE_WEIGHT_SCALE}).
 */
public final class SlowStart {

  static final double MIN_FRACTION = 0.01;

  private SlowStart() {}

  /**
   * The weight a server UP since {@code upSinceNanos} takes at {@code nowNanos}: {@code ceil(weight
   * × fraction)}, at least 1; 0 stays 0. {@code slowstart} null or zero: the weight.
   */
  public static int effectiveWeight(
      int weight, long upSinceNanos, long nowNanos, Duration slowstart) {
    if (weight <= 0) {
      return 0;
    }
    double f = fraction(weight, upSinceNanos, nowNanos, slowstart);
    return f >= 1 ? weight : (int) Math.max(1, Math.min(weight, Math.ceil(weight * f)));
  }

  /** The share of its weight the server takes, in (0, 1]: HAProxy's {@code throttle}. */
  public static double fraction(int weight, long upSinceNanos, long nowNanos, Duration slowstart) {
    long ramp = slowstart == null || slowstart.isNegative() ? 0 : Args.nanos(slowstart);
    long elapsed = Math.max(0, nowNanos - upSinceNanos);
    if (ramp == 0 || elapsed >= ramp) {
      return 1;
    }
    double floor = Math.max(1.0 / Math.max(1, weight), MIN_FRACTION);
    return floor + (1 - floor) * ((double) elapsed / ramp);
  }

  /** Whether the ramp is still going, so the caller knows to recompute weights. */
  public static boolean ramping(long upSinceNanos, long nowNanos, Duration slowstart) {
    return slowstart != null
        && !slowstart.isNegative()
        && nowNanos - upSinceNanos < Args.nanos(slowstart);
  }
}
