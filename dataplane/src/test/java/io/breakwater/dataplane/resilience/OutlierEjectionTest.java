package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.resilience.CircuitBreaker.State;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutlierEjectionTest {

  @ParameterizedTest(name = "{0} servers at {1}% -> at most {2} ejected")
  @CsvSource({
    "3, 50, 1",
    "2, 50, 1",
    "4, 50, 2",
    "10, 10, 1",
    "20, 10, 2",
    "4, 10, 1", // at least one of two or more servers
    "1, 50, 0", // never the only server...
    "1, 100, 1", // ...unless the policy allows all
    "5, 100, 5",
    "5, 0, 0",
    "0, 50, 0",
    "7, 99, 6"
  })
  void capIsTheFloorOfTheShareButAtLeastOne(int total, int percent, int max) {
    assertThat(OutlierEjection.maxEjected(total, percent)).isEqualTo(max);
    if (max > 0) {
      assertThat(OutlierEjection.mayEject(max - 1, total, percent)).isTrue();
    }
    assertThat(OutlierEjection.mayEject(max, total, percent)).isFalse();
  }

  @ParameterizedTest(name = "{0} of {1} eligible at {2}% -> panic {3}")
  @CsvSource({
    "3, 3, 50, false",
    "2, 3, 50, false",
    "1, 3, 50, true",
    "0, 3, 50, true",
    "1, 2, 50, false",
    "0, 2, 50, true",
    "0, 1, 100, false",
    "0, 0, 50, false"
  })
  void panicWhenFewerAreEligibleThanTheCapGuarantees(
      int eligible, int total, int percent, boolean panic) {
    assertThat(OutlierEjection.panic(eligible, total, percent)).isEqualTo(panic);
  }

  @Test
  void countsEntriesIntoPanicOnce() {
    OutlierEjection e = new OutlierEjection(50, 3);
    assertThat(e.panic(3)).isFalse();
    assertThat(e.panic(1)).isTrue();
    assertThat(e.panic(0)).isTrue();
    assertThat(e.panic(2)).isFalse();
    assertThat(e.panic(1)).isTrue();
    assertThat(e.panics()).isEqualTo(2);
  }

  @Test
  void breakersPastTheCapStayClosedUntilAnEjectionReturns() {
    MockTicker ticker = Ticker.newMockTicker();
    OutlierEjection ejection = new OutlierEjection(50, 3);
    CircuitBreaker a =
        new CircuitBreaker(BreakerSpec.count(1, 1).halfOpen(1).build(), ticker, ejection);
    CircuitBreaker b = new CircuitBreaker(BreakerSpec.count(1, 1).build(), ticker, ejection);
    CircuitBreakerTest.run(a, "F");
    CircuitBreakerTest.run(b, "F");
    assertThat(a.state()).isEqualTo(State.OPEN);
    assertThat(b.state()).as("over the cap: not ejected").isEqualTo(State.CLOSED);
    assertThat(b.isOpen()).isFalse();
    assertThat(ejection.ejected()).isEqualTo(1);
    assertThat(ejection.refused()).isEqualTo(1);

    ticker.advance(10, TimeUnit.SECONDS);
    CircuitBreakerTest.run(a, "F");
    assertThat(ejection.ejected()).as("a re-opening breaker keeps its ejection").isEqualTo(1);
    ticker.advance(20, TimeUnit.SECONDS);
    CircuitBreakerTest.run(a, "S");
    assertThat(a.state()).isEqualTo(State.CLOSED);
    assertThat(ejection.ejected()).isZero();

    CircuitBreakerTest.run(b, "F");
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(ejection.ejected()).isEqualTo(1);
  }

  @Test
  void shrinkingBackendLowersTheCapForNewEjections() {
    OutlierEjection e = new OutlierEjection(50, 4);
    assertThat(e.tryOpen()).isTrue();
    assertThat(e.tryOpen()).isTrue();
    e.total(2);
    assertThat(e.tryOpen()).isFalse();
    e.closed();
    assertThat(e.tryOpen()).isFalse();
    e.closed();
    assertThat(e.tryOpen()).isTrue();
  }

  @Test
  void rejectsAPercentOutOfRange() {
    assertThatThrownBy(() -> new OutlierEjection(101, 3))
        .hasMessage("maxEjectionPercent: 101 (expected: 0..100)");
  }
}
