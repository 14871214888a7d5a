package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Durations;
import java.time.Duration;

/**
 * Argument checks in the validation message format, and durations as nanoseconds without overflow.
 */
final class Args {

  private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  private Args() {}

  /** Nanoseconds of {@code d}, saturating at {@link Long#MAX_VALUE} (about 292 years). */
  static long nanos(Duration d) {
    return d.compareTo(MAX) >= 0 ? Long.MAX_VALUE : d.toNanos();
  }

  /** {@code d} must be set and positive. */
  static long positive(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      String shown = d == null || d.isNegative() ? String.valueOf(d) : Durations.format(d);
      throw new IllegalArgumentException(field + ": " + shown + " (expected: > 0)");
    }
    return nanos(d);
  }

  static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      String expected = max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
      throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
    }
  }
}
