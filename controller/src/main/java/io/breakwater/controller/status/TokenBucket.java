package io.breakwater.controller.status;

import java.time.Clock;

/** A token bucket on an injected clock: {@code burst} tokens, refilled at {@code perSecond}. */
final class TokenBucket {

  private final Clock clock;
  private final double burst;
  private final double perMilli;
  private double tokens;
  private long lastMillis;

  TokenBucket(Clock clock, int burst, double perSecond) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalArgumentException(
          "burst: " + burst + ", perSecond: " + perSecond + " (expected: >= 1, > 0)");
    }
    this.clock = clock;
    this.burst = burst;
    this.perMilli = perSecond / 1000;
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  /** Takes a token if there is one. */
  synchronized boolean tryAcquire() {
    long now = clock.millis();
    tokens = Math.min(burst, tokens + Math.max(0, now - lastMillis) * perMilli);
    lastMillis = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the next token (0 when one is there). */
  synchronized long millisToNext() {
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perMilli);
  }
}
