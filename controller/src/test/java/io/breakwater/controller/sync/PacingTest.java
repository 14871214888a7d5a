package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Debounce and backoff arithmetic. */
class PacingTest {
  private static final long MS = 1_000_000;

  @Test
  void aBurstIsDueAQuietPeriodAfterItsLastChangeButNoLaterThanTheMaximumDelay() {
    Debouncer d = new Debouncer(Duration.ofMillis(50), Duration.ofMillis(200));
    assertThat(d.pending()).isFalse();
    d.changed(0);
    assertThat(d.dueAt()).isEqualTo(50 * MS);
    d.changed(40 * MS);
    assertThat(d.dueAt()).isEqualTo(90 * MS);
    d.changed(180 * MS);
    assertThat(d.dueAt()).isEqualTo(200 * MS);
    assertThat(d.take()).isZero();
    assertThat(d.pending()).isFalse();
  }

  @Test
  void aRequeuedBurstKeepsItsFirstChange() {
    Debouncer d = new Debouncer(Duration.ofMillis(50), Duration.ofMillis(200));
    d.changed(100 * MS);
    d.requeue(10 * MS);
    assertThat(d.firstChange()).isEqualTo(10 * MS);
    Debouncer empty = new Debouncer(Duration.ofMillis(50), Duration.ofMillis(200));
    empty.requeue(10 * MS);
    assertThat(empty.pending()).isTrue();
    assertThat(empty.firstChange()).isEqualTo(10 * MS);
  }

  @Test
  void aMaximumDelayShorterThanTheDebounceIsRefused() {
    assertThatThrownBy(() -> new Debouncer(Duration.ofSeconds(1), Duration.ofMillis(10)))
        .hasMessage("max delay: 10ms (expected: at least the debounce, 1000ms)");
  }

  @Test
  void backoffDoublesFromItsBaseUpToItsMaximum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(b.delayNanos(1)).isEqualTo(100 * MS);
    assertThat(b.delayNanos(2)).isEqualTo(200 * MS);
    assertThat(b.delayNanos(4)).isEqualTo(800 * MS);
    assertThat(b.delayNanos(5)).isEqualTo(1000 * MS);
    assertThat(b.delayNanos(1_000)).isEqualTo(1000 * MS);
  }
}
