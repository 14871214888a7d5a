package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.resilience.FaultInjector.Decision;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultInjectorTest {

  private static final int DECISIONS = 200_000;
  private static final Duration DELAY = Duration.ofMillis(300);

  private static Faults faults(double delayPercent, double abortPercent) {
    return new Faults(
        delayPercent < 0 ? null : new Faults.Delay(delayPercent, DELAY),
        abortPercent < 0 ? null : new Faults.Abort(abortPercent, 503));
  }

  @ParameterizedTest(name = "delay {0}%, abort {1}%")
  @CsvSource({"0, 0", "100, 100", "12.5, -1", "-1, 0.5", "33.3, 50", "100, 0", "0.01, -1"})
  void injectsFaultsAtTheirPercent(double delayPercent, double abortPercent) {
    SplittableRandom seeded = new SplittableRandom(42);
    FaultInjector f = new FaultInjector(faults(delayPercent, abortPercent), () -> seeded);
    int delayed = 0;
    int aborted = 0;
    int both = 0;
    for (int i = 0; i < DECISIONS; i++) {
      Decision d = f.decide();
      delayed += d.delayed() ? 1 : 0;
      aborted += d.aborted() ? 1 : 0;
      both += d.delayed() && d.aborted() ? 1 : 0;
      if (d.delayed()) {
        assertThat(d.delay()).isEqualTo(DELAY);
      }
      if (d.aborted()) {
        assertThat(d.abortStatus()).isEqualTo(503);
      }
    }
    double p = Math.max(0, delayPercent) / 100;
    double q = Math.max(0, abortPercent) / 100;
    assertShare(delayed, p);
    assertShare(aborted, q);
    assertShare(both, p * q);
    assertThat(f.delays()).isEqualTo(delayed);
    assertThat(f.aborts()).isEqualTo(aborted);
  }

  /** Exact at 0 and 100%; otherwise within five standard deviations. */
  private static void assertShare(int count, double p) {
    if (p == 0 || p == 1) {
      assertThat(count).isEqualTo((int) (p * DECISIONS));
    } else {
      double sigma = Math.sqrt(p * (1 - p) / DECISIONS);
      assertThat(count / (double) DECISIONS).isCloseTo(p, within(5 * sigma));
    }
  }

  @Test
  void drawCompareIsStrict() {
    FaultInjector half =
        new FaultInjector(faults(50, -1), () -> new FixedRandom(0.5, Math.nextDown(0.5)));
    assertThat(half.decide().delayed()).isFalse();
    FaultInjector again =
        new FaultInjector(faults(50, -1), () -> new FixedRandom(Math.nextDown(0.5)));
    assertThat(again.decide().delayed()).isTrue();
  }

  @Test
  void noFaultsDrawNothing() {
    FixedRandom never = new FixedRandom(0.0);
    assertThat(new FaultInjector(null, () -> never).decide()).isSameAs(Decision.NONE);
    assertThat(new FaultInjector(faults(0, 0), () -> never).decide()).isSameAs(Decision.NONE);
    assertThat(never.draws()).isZero();
  }

  @Test
  void decisionsAreShared() {
    SplittableRandom seeded = new SplittableRandom(1);
    FaultInjector f = new FaultInjector(faults(100, -1), () -> seeded);
    assertThat(f.decide()).isSameAs(f.decide());
  }

  @Test
  void rejectsPercentsOutOfRange() {
    assertThatThrownBy(() -> new FaultInjector(faults(100.5, -1), SplittableRandom::new))
        .hasMessage("delay.percent: 100.5 (expected: 0..100)");
    assertThatThrownBy(() -> new FaultInjector(faults(-1, Double.NaN), SplittableRandom::new))
        .hasMessage("abort.percent: NaN (expected: 0..100)");
  }
}
