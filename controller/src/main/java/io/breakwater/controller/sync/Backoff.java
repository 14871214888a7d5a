package io.breakwater.controller.sync;

import java.time.Duration;

/**
 * How long to wait before retrying after {@code n} failures in a row: {@code base}, doubling with
 * each failure, at most {@code max}. Deterministic: one controller retries one dataplane, so there
 * is no herd to spread out.
 *
 * @param base the wait after the first failure
 * @param max the longest wait
 */
public record Backoff(Duration base, Duration max) {

  /** 100 ms after the first failure, then 200 ms, 400 ms, … at most 10 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

  public Backoff {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base: " + base + " (expected: > 0)");
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff max: " + max + " (expected: >= the base, " + base + ")");
    }
  }

  /** The wait after {@code failures} (at least 1) failures in a row, in nanoseconds. */
  public long delayNanos(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 40);
    long d = base.toNanos();
    for (int i = 0; i < doublings && d < max.toNanos(); i++) {
      d *= 2;
    }
    return Math.min(d, max.toNanos());
  }
}
