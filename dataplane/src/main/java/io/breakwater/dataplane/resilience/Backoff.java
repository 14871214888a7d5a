package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Retries;
import java.util.random.RandomGenerator;

/**
 * Envoy's fully jittered exponential backoff, with the jitter share configurable: retry {@code n}
 * (1-based) has the cap {@code min(max, base × (2^n − 1))} and waits {@code cap × (1 − j) + U × cap
 * × j} for {@code j = jitter / 100} and {@code U} uniform in [0, 1). With the defaults (25ms,
 * 250ms, 100%) retries wait 0–25ms, 0–75ms, 0–175ms, then 0–250ms.
 */
public final class Backoff {

  private Backoff() {}

  /** The wait before retry {@code retryNumber}; draws from {@code random} only when jittered. */
  public static long delayNanos(int retryNumber, Retries.Backoff policy, RandomGenerator random) {
    long cap = capNanos(retryNumber, policy);
    Args.range("jitter", policy.jitter(), 0, 100);
    if (policy.jitter() == 0) {
      return cap;
    }
    double j = policy.jitter() / 100.0;
    return (long) (cap * (1 - j) + random.nextDouble() * cap * j);
  }

  /** {@code min(max, base × (2^n − 1))}, without overflow. */
  public static long capNanos(int retryNumber, Retries.Backoff policy) {
    Args.range("retryNumber", retryNumber, 1, Long.MAX_VALUE);
    long base = Args.nanos(policy.base());
    long max = Args.nanos(policy.max());
    if (base < 0 || max < 0) {
      throw new IllegalArgumentException(
          "backoff: " + policy.base() + ", " + policy.max() + " (expected: >= 0)");
    }
    if (retryNumber >= Long.SIZE - 1) {
      return max;
    }
    long factor = (1L << retryNumber) - 1;
    return base > max / factor ? max : base * factor;
  }
}
