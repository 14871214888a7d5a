package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.Retries;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  @ParameterizedTest(name = "retry {0}, base {1}ms max {2}ms jitter {3}%, U={4} -> {5}ms")
  @CsvSource({
    // Envoy's defaults: caps 25, 75, 175, then 250
    "1, 25, 250, 100, 0.5, 12.5",
    "2, 25, 250, 100, 0.0, 0",
    "2, 25, 250, 100, 0.5, 37.5",
    "3, 25, 250, 100, 0.5, 87.5",
    "4, 25, 250, 100, 0.5, 125",
    "60, 25, 250, 100, 0.5, 125",
    "1000, 25, 250, 100, 0.5, 125",
    // no jitter: exactly the cap
    "1, 25, 250, 0, 0.5, 25",
    "3, 25, 250, 0, 0.5, 175",
    // 20% jitter: 80% fixed plus up to 20% random
    "1, 100, 1000, 20, 0.0, 80",
    "1, 100, 1000, 20, 0.5, 90",
    // max below base
    "1, 100, 50, 0, 0.0, 50"
  })
  void waitsForAJitteredShareOfTheCap(
      int retry, long baseMs, long maxMs, int jitter, double u, double expectedMs) {
    Retries.Backoff policy =
        new Retries.Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(maxMs), jitter);
    assertThat(Backoff.delayNanos(retry, policy, new FixedRandom(u)))
        .isEqualTo((long) (expectedMs * 1_000_000));
  }

  @Test
  void staysBelowTheCapForTheLargestDraw() {
    long delay =
        Backoff.delayNanos(2, Retries.Backoff.DEFAULT, new FixedRandom(Math.nextDown(1.0)));
    assertThat(delay).isLessThan(TimeUnit.MILLISECONDS.toNanos(75)).isGreaterThan(74_000_000L);
  }

  @Test
  void drawsNothingWithoutJitter() {
    FixedRandom r = new FixedRandom(0.5);
    Backoff.delayNanos(1, new Retries.Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 0), r);
    assertThat(r.draws()).isZero();
  }

  @Test
  void capDoesNotOverflow() {
    Retries.Backoff huge = new Retries.Backoff(Duration.ofDays(1), Duration.ofDays(365 * 200), 0);
    assertThat(Backoff.capNanos(40, huge)).isEqualTo(Duration.ofDays(365 * 200).toNanos());
  }

  @Test
  void retriesCountFromOne() {
    assertThatThrownBy(() -> Backoff.delayNanos(0, Retries.Backoff.DEFAULT, new FixedRandom(0)))
        .hasMessage("retryNumber: 0 (expected: >= 1)");
  }
}
