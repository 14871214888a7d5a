package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlowStartTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final long UP_AT = TimeUnit.SECONDS.toNanos(100);

  @ParameterizedTest(name = "weight {0}, {1}ms after UP -> {2}")
  @CsvSource({
    // floor 1/10: 10% at once, then linear to 100%
    "10, 0, 1",
    "10, 5000, 6", // 0.1 + 0.9 × 0.5 = 55%
    "10, 9999, 10",
    "10, 10000, 10",
    "10, 60000, 10",
    // floor 1%: 2.56 rounds up
    "256, 0, 3",
    "256, 5000, 130", // 0.01 + 0.99 × 0.5 = 50.5%
    // no room below 1
    "1, 0, 1",
    "0, 5000, 0",
    // clock before UP: the floor
    "10, -1000, 1"
  })
  void rampsLinearlyFromTheFloor(int weight, long sinceUpMillis, int expected) {
    long now = UP_AT + TimeUnit.MILLISECONDS.toNanos(sinceUpMillis);
    assertThat(SlowStart.effectiveWeight(weight, UP_AT, now, TEN_SECONDS)).isEqualTo(expected);
  }

  @Test
  void noSlowstartMeansTheFullWeight() {
    assertThat(SlowStart.effectiveWeight(7, UP_AT, UP_AT, null)).isEqualTo(7);
    assertThat(SlowStart.effectiveWeight(7, UP_AT, UP_AT, Duration.ZERO)).isEqualTo(7);
    assertThat(SlowStart.ramping(UP_AT, UP_AT, null)).isFalse();
  }

  @Test
  void fractionNeverFallsAsTimePasses() {
    double last = 0;
    for (long ms = 0; ms <= 11_000; ms += 250) {
      double f =
          SlowStart.fraction(256, UP_AT, UP_AT + TimeUnit.MILLISECONDS.toNanos(ms), TEN_SECONDS);
      assertThat(f).isGreaterThanOrEqualTo(last).isBetween(0.01, 1.0);
      last = f;
    }
    assertThat(last).isEqualTo(1.0);
  }

  @Test
  void rampingUntilSlowstartHasPassed() {
    assertThat(SlowStart.ramping(UP_AT, UP_AT + TEN_SECONDS.toNanos() - 1, TEN_SECONDS)).isTrue();
    assertThat(SlowStart.ramping(UP_AT, UP_AT + TEN_SECONDS.toNanos(), TEN_SECONDS)).isFalse();
  }
}
