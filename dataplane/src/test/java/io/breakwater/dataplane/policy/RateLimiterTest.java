package io.breakwater.dataplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.TrafficPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket per key, driven by an explicit clock (nanoseconds), never by sleeping. */
class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  private static RateLimiter limiter(int rate, int burst, int slots) {
    return new RateLimiter(
        new TrafficPolicy.RateLimit(true, rate, Duration.ofSeconds(1), burst, null, 429), slots);
  }

  @Test
  void allowsABurstThenRefusesWithTheWaitUntilTheNextToken() {
    RateLimiter l = limiter(10, 3, 64);
    long t = 5 * SECOND;
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isZero();
    long wait = l.acquire("a", t);
    assertThat(wait).isEqualTo(SECOND / 10);
    assertThat(l.acquire("a", t + wait)).isZero();
    assertThat(l.acquire("a", t + wait)).isPositive();
  }

  @Test
  void refillsAtTheRateAndNeverBeyondTheBurst() {
    RateLimiter l = limiter(2, 2, 64);
    long t = SECOND;
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isPositive();
    // A minute idle refills only the burst, two requests.
    t += 60 * SECOND;
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isZero();
    assertThat(l.acquire("a", t)).isPositive();
  }

  @Test
  void keysHaveTheirOwnBuckets() {
    RateLimiter l = limiter(1, 1, 1024);
    assertThat(l.acquire("a", SECOND)).isZero();
    assertThat(l.acquire("a", SECOND)).isPositive();
    assertThat(l.acquire("b", SECOND)).isZero();
  }

  @Test
  void aFloodOfDistinctKeysNeverGrowsTheTableAndOnlyEvictsTowardAllowing() {
    RateLimiter l = limiter(1, 1, 16);
    for (int i = 0; i < 100_000; i++) {
      // Every key is new; evicting another key's bucket never refuses anybody.
      assertThat(l.acquire("client-" + i, SECOND)).isZero();
    }
  }
}
