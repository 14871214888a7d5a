package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Retries;
import java.util.random.RandomGenerator;

/** TEMPORARY: the retry rules until the resilience package lands; then this delegates to it. */
final class RetryDecisions {
  private RetryDecisions() {}

  static boolean shouldRetry(
      Retries policy,
      Retries.On kind,
      int status,
      int retriesSoFar,
      boolean requestSent,
      boolean responseStarted,
      boolean requestComplete,
      boolean bodyHeld,
      String method) {
    if (responseStarted || retriesSoFar >= policy.attempts()) {
      return false;
    }
    boolean enabled =
        kind != null ? policy.on().contains(kind) : policy.statuses().contains(status);
    if (!enabled) {
      return false;
    }
    if (!requestSent) {
      return true;
    }
    boolean idempotent =
        switch (method) {
          case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
          default -> false;
        };
    return requestComplete && bodyHeld && (idempotent || policy.retryNonIdempotent());
  }

  static long backoffNanos(int retry, Retries.Backoff b, RandomGenerator random) {
    double cap = Math.min(b.max().toNanos(), b.base().toNanos() * (Math.pow(2, retry) - 1));
    double j = b.jitter() / 100.0;
    return (long) (cap * (1 - j) + random.nextDouble() * cap * j);
  }
}
