package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.resilience.CircuitBreaker.State;
import io.breakwater.dataplane.resilience.CircuitBreaker.Transition;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CircuitBreakerTest {

  private static final long FAST = TimeUnit.MILLISECONDS.toNanos(5);

  private final MockTicker ticker = Ticker.newMockTicker();

  /** 'S' succeeds, 'F' fails, 's' succeeds slowly (2s), each after a permit. */
  static void run(CircuitBreaker b, String outcomes) {
    for (char c : outcomes.toCharArray()) {
      assertThat(b.tryAcquire()).as("permit before '%s'", c).isTrue();
      switch (c) {
        case 'S' -> b.onSuccess(FAST);
        case 's' -> b.onSuccess(TimeUnit.SECONDS.toNanos(2));
        case 'F' -> b.onFailure(FAST);
        default -> throw new IllegalArgumentException(String.valueOf(c));
      }
    }
  }

  record Case(String name, BreakerSpec spec, String outcomes, State expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> judgements() {
    return Stream.of(
        new Case("below minimum calls", BreakerSpec.count(10, 10), "FFFFFSSSS", State.CLOSED),
        new Case("rate reached at minimum", BreakerSpec.count(10, 10), "FFFFFSSSSS", State.OPEN),
        new Case("rate below threshold", BreakerSpec.count(10, 10), "FFFFSSSSSS", State.CLOSED),
        new Case(
            "old failures leave the count window",
            BreakerSpec.count(10, 10),
            "FFFF" + "S".repeat(10) + "FFFF",
            State.CLOSED),
        new Case(
            "new failures fill the count window",
            BreakerSpec.count(10, 10),
            "FFFF" + "S".repeat(10) + "FFFFF",
            State.OPEN),
        new Case("minimum capped at window size", BreakerSpec.count(5, 20), "FFFFF", State.OPEN),
        new Case(
            "threshold 100 needs every call to fail",
            BreakerSpec.count(4, 4).failureRate(100),
            "FFFSFFF",
            State.CLOSED),
        new Case(
            "consecutive failures, interrupted",
            BreakerSpec.count(100, 100).consecutive(3),
            "FFSFF",
            State.CLOSED),
        new Case(
            "consecutive failures",
            BreakerSpec.count(100, 100).consecutive(3),
            "FFSFFF",
            State.OPEN),
        new Case(
            "slow call rate",
            BreakerSpec.count(10, 4).slow(Duration.ofSeconds(1), 50),
            "ssSS",
            State.OPEN),
        new Case(
            "slow call rate below threshold",
            BreakerSpec.count(10, 4).slow(Duration.ofSeconds(1), 75),
            "ssSS",
            State.CLOSED),
        new Case(
            "slow calls ignored without slowCallDuration",
            BreakerSpec.count(10, 4),
            "ssss",
            State.CLOSED),
        new Case(
            "time window: rate", BreakerSpec.time(Duration.ofSeconds(10), 4), "FFSS", State.OPEN),
        new Case(
            "time window: minimum",
            BreakerSpec.time(Duration.ofSeconds(10), 5),
            "FFSS",
            State.CLOSED));
  }

  @ParameterizedTest
  @MethodSource("judgements")
  void closedBreakerJudgesItsWindow(Case c) {
    CircuitBreaker b = new CircuitBreaker(c.spec.build(), ticker);
    run(b, c.outcomes);
    assertThat(b.state()).isEqualTo(c.expected);
  }

  @Test
  void slowMeansLongerThanSlowCallDuration() {
    CircuitBreaker b =
        new CircuitBreaker(BreakerSpec.count(2, 2).slow(Duration.ofSeconds(1), 50).build(), ticker);
    b.onSuccess(TimeUnit.SECONDS.toNanos(1));
    b.onSuccess(TimeUnit.SECONDS.toNanos(1));
    assertThat(b.state()).isEqualTo(State.CLOSED);
    b.onSuccess(TimeUnit.SECONDS.toNanos(1) + 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.lastTransition().reason())
        .isEqualTo("slow call rate 50% >= 50% of 2 calls (slower than 1s); open for 10s");
  }

  @Test
  void timeWindowForgetsCallsOlderThanTheWindow() {
    CircuitBreaker b =
        new CircuitBreaker(BreakerSpec.time(Duration.ofSeconds(10), 4).build(), ticker);
    run(b, "FF");
    ticker.advance(9_900, TimeUnit.MILLISECONDS);
    assertThat(b.window()).isEqualTo(new CircuitBreaker.Counts(2, 2, 0));
    ticker.advance(100, TimeUnit.MILLISECONDS);
    assertThat(b.window()).isEqualTo(new CircuitBreaker.Counts(0, 0, 0));
    run(b, "SS");
    assertThat(b.state()).isEqualTo(State.CLOSED);
    run(b, "F");
    assertThat(b.state()).isEqualTo(State.CLOSED);
    run(b, "F");
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.lastTransition().reason())
        .isEqualTo("failure rate 50% >= 50% of 4 calls; open for 10s");
  }

  @Test
  void timeWindowKeepsCallsFromEarlierBuckets() {
    CircuitBreaker b =
        new CircuitBreaker(BreakerSpec.time(Duration.ofSeconds(10), 4).build(), ticker);
    for (int i = 0; i < 4; i++) {
      run(b, i < 2 ? "F" : "S");
      ticker.advance(3, TimeUnit.SECONDS);
    }
    // Calls at 0s, 3s, 6s, 9s: all four were in the window when the last was recorded.
    assertThat(b.state()).isEqualTo(State.OPEN);
  }

  @Test
  void openRefusesUntilTheOpenPeriodEnds() {
    CircuitBreaker b = tripped(BreakerSpec.count(1, 1));
    ticker.advance(TimeUnit.SECONDS.toNanos(10) - 1, TimeUnit.NANOSECONDS);
    assertThat(b.isOpen()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.rejected()).isEqualTo(1);
    ticker.advance(1, TimeUnit.NANOSECONDS);
    assertThat(b.isOpen()).as("eligible again, still OPEN until a permit").isFalse();
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void openPeriodDoublesWithEachTripUpToTheCap() {
    CircuitBreaker b =
        tripped(BreakerSpec.count(1, 1).open(Duration.ofSeconds(10), Duration.ofSeconds(35)));
    List<Long> periods = new ArrayList<>();
    for (int trip = 1; trip <= 5; trip++) {
      periods.add(openPeriodSeconds(b));
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure(FAST);
      assertThat(b.trips()).isEqualTo(trip + 1);
    }
    assertThat(periods).containsExactly(10L, 20L, 35L, 35L, 35L);
  }

  @Test
  void openPeriodArithmeticDoesNotOverflow() {
    CircuitBreaker b =
        new CircuitBreaker(
            BreakerSpec.count(1, 1).open(Duration.ofSeconds(30), Duration.ofDays(365_000)).build(),
            ticker);
    assertThat(b.openNanos(1)).isEqualTo(TimeUnit.SECONDS.toNanos(30));
    assertThat(b.openNanos(3)).isEqualTo(TimeUnit.SECONDS.toNanos(120));
    assertThat(b.openNanos(40)).isEqualTo(Long.MAX_VALUE);
    assertThat(b.openNanos(1_000)).isEqualTo(Long.MAX_VALUE);
  }

  /** Advances second by second until the breaker permits again; returns the seconds waited. */
  private long openPeriodSeconds(CircuitBreaker b) {
    long waited = 0;
    while (b.isOpen()) {
      ticker.advance(1, TimeUnit.SECONDS);
      waited++;
    }
    return waited;
  }

  @Test
  void halfOpenAdmitsExactlyTheProbesThenCloses() {
    CircuitBreaker b = tripped(BreakerSpec.count(4, 4).halfOpen(3));
    ticker.advance(10, TimeUnit.SECONDS);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.isOpen()).isFalse();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.isOpen()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    b.onSuccess(FAST);
    b.onSuccess(FAST);
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.tryAcquire()).as("a finished probe does not free a permit").isFalse();
    b.onSuccess(FAST);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.trips()).isZero();
    assertThat(b.window()).isEqualTo(new CircuitBreaker.Counts(0, 0, 0));
    assertThat(b.lastTransition().reason()).isEqualTo("3 probes succeeded");
    run(b, "FFF");
    assertThat(b.state()).as("a fresh window needs its minimum again").isEqualTo(State.CLOSED);
  }

  @Test
  void aFailingProbeReopensForLonger() {
    CircuitBreaker b = tripped(BreakerSpec.count(1, 1).halfOpen(3));
    ticker.advance(10, TimeUnit.SECONDS);
    run(b, "S");
    assertThat(b.tryAcquire()).isTrue();
    b.onFailure(FAST);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.trips()).isEqualTo(2);
    assertThat(b.lastTransition())
        .isEqualTo(
            new Transition(
                State.HALF_OPEN,
                State.OPEN,
                TimeUnit.SECONDS.toNanos(10),
                "probe failed; open for 20s"));
  }

  @Test
  void slowProbesReopenAtTheSlowCallRate() {
    CircuitBreaker b = tripped(BreakerSpec.count(1, 1).slow(Duration.ofSeconds(1), 50).halfOpen(4));
    ticker.advance(10, TimeUnit.SECONDS);
    run(b, "sSsS");
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.lastTransition().reason()).isEqualTo("2 of 4 probes slow; open for 20s");
  }

  @Test
  void releaseReturnsAHalfOpenPermit() {
    CircuitBreaker b = tripped(BreakerSpec.count(1, 1).halfOpen(2));
    ticker.advance(10, TimeUnit.SECONDS);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    b.release();
    assertThat(b.tryAcquire()).isTrue();
    b.release();
    b.release();
    b.release(); // nothing outstanding: ignored
    run(b, "SS");
    assertThat(b.state()).isEqualTo(State.CLOSED);
    b.release(); // CLOSED: nothing to return
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void outcomesOfCallsPermittedBeforeTheTripOnlyCountInTotals() {
    CircuitBreaker b = tripped(BreakerSpec.count(1, 1).halfOpen(2));
    b.onSuccess(FAST);
    assertThat(b.state()).isEqualTo(State.OPEN);
    ticker.advance(10, TimeUnit.SECONDS);
    assertThat(b.tryAcquire()).isTrue();
    b.onSuccess(FAST);
    b.onFailure(FAST); // no probe outstanding: not a probe's result
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.totals()).isEqualTo(new CircuitBreaker.Counts(4, 2, 0));
    run(b, "S");
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void resetClosesAndReturnsTheEjection() {
    OutlierEjection ejection = new OutlierEjection(100, 1);
    CircuitBreaker b = new CircuitBreaker(BreakerSpec.count(1, 1).build(), ticker, ejection);
    run(b, "F");
    assertThat(ejection.ejected()).isEqualTo(1);
    b.reset();
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.lastTransition().reason()).isEqualTo("reset");
    assertThat(ejection.ejected()).isZero();
    b.reset();
    assertThat(ejection.ejected()).isZero();
  }

  @Test
  void listenersHearEveryTransition() {
    CircuitBreaker b = new CircuitBreaker(BreakerSpec.count(2, 2).halfOpen(1).build(), ticker);
    List<String> seen = new ArrayList<>();
    b.addListener(
        (breaker, t) -> seen.add(t.from() + ">" + t.to() + "@" + t.atNanos() / 1_000_000_000L));
    run(b, "FF");
    ticker.advance(10, TimeUnit.SECONDS);
    run(b, "F");
    ticker.advance(20, TimeUnit.SECONDS);
    run(b, "S");
    assertThat(seen)
        .containsExactly(
            "CLOSED>OPEN@0",
            "OPEN>HALF_OPEN@10",
            "HALF_OPEN>OPEN@10",
            "OPEN>HALF_OPEN@30",
            "HALF_OPEN>CLOSED@30");
    assertThat(b.transitions()).isEqualTo(5);
    assertThat(b.lastTransition().atNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(30));
  }

  @Test
  void consecutiveTripIsDescribed() {
    CircuitBreaker b =
        new CircuitBreaker(BreakerSpec.count(100, 100).consecutive(2).build(), ticker);
    run(b, "FF");
    assertThat(b.lastTransition().reason()).isEqualTo("2 consecutive failures; open for 10s");
  }

  static Stream<BreakerSpec> windows() {
    return Stream.of(BreakerSpec.count(20, 10), BreakerSpec.time(Duration.ofMillis(50), 10));
  }

  @ParameterizedTest
  @MethodSource("windows")
  @Timeout(30)
  void concurrentCallersKeepTheStateMachineConsistent(BreakerSpec spec) throws Exception {
    Breaker policy =
        spec.consecutive(5).halfOpen(3).open(Duration.ofMillis(1), Duration.ofMillis(8)).build();
    CircuitBreaker b = new CircuitBreaker(policy, ticker);
    Map<String, AtomicInteger> moves = new ConcurrentHashMap<>();
    b.addListener(
        (breaker, t) ->
            moves
                .computeIfAbsent(t.from() + ">" + t.to(), k -> new AtomicInteger())
                .incrementAndGet());
    int threads = 4;
    int iterations = 50_000;
    AtomicLong outcomes = new AtomicLong();
    AtomicLong refusals = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(t);
      boolean timekeeper = t == 0;
      Thread w =
          new Thread(
              () -> {
                for (int i = 0; i < iterations; i++) {
                  if (timekeeper && i % 20 == 0) {
                    ticker.advance(1, TimeUnit.MILLISECONDS);
                  }
                  if (!b.tryAcquire()) {
                    refusals.incrementAndGet();
                    continue;
                  }
                  int draw = random.nextInt(10);
                  if (draw < 4) {
                    b.onFailure(FAST);
                  } else if (draw < 9) {
                    b.onSuccess(FAST);
                  } else {
                    b.release();
                    continue;
                  }
                  outcomes.incrementAndGet();
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(b.totals().calls()).isEqualTo(outcomes.get());
    assertThat(b.rejected()).isEqualTo(refusals.get());
    int toOpen = count(moves, "CLOSED>OPEN") + count(moves, "HALF_OPEN>OPEN");
    int toHalfOpen = count(moves, "OPEN>HALF_OPEN");
    int fromHalfOpen = count(moves, "HALF_OPEN>OPEN") + count(moves, "HALF_OPEN>CLOSED");
    assertThat(toOpen).as("the breaker cycled").isGreaterThan(10);
    assertThat(toOpen - toHalfOpen).isEqualTo(b.state() == State.OPEN ? 1 : 0);
    assertThat(toHalfOpen - fromHalfOpen).isEqualTo(b.state() == State.HALF_OPEN ? 1 : 0);
    assertThat(b.transitions())
        .isEqualTo(moves.values().stream().mapToInt(AtomicInteger::get).sum());
    // No permit leaked: once the open period is over, probes get through and close it.
    ticker.advance(1, TimeUnit.SECONDS);
    for (int i = 0; i < 3 && b.state() != State.CLOSED; i++) {
      run(b, "S");
    }
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  private static int count(Map<String, AtomicInteger> moves, String key) {
    AtomicInteger n = moves.get(key);
    return n == null ? 0 : n.get();
  }

  static Stream<Object[]> invalidPolicies() {
    BreakerSpec rate = BreakerSpec.count(10, 10).failureRate(0);
    BreakerSpec size = BreakerSpec.count(0, 10);
    BreakerSpec max =
        BreakerSpec.count(10, 10).open(Duration.ofSeconds(30), Duration.ofSeconds(10));
    BreakerSpec probes = BreakerSpec.count(10, 10).halfOpen(0);
    BreakerSpec window = BreakerSpec.time(Duration.ZERO, 10);
    return Stream.of(
        new Object[] {rate, "failureRateThreshold: 0 (expected: 1..100)"},
        new Object[] {size, "windowSize: 0 (expected: 1..1000000)"},
        new Object[] {max, "maxOpenDuration: 10s (expected: >= openDuration 30s)"},
        new Object[] {probes, "halfOpenRequests: 0 (expected: >= 1)"},
        new Object[] {window, "window: 0s (expected: > 0)"});
  }

  @ParameterizedTest
  @MethodSource("invalidPolicies")
  void rejectsInvalidPolicies(BreakerSpec spec, String message) {
    Breaker policy = spec.build();
    assertThatThrownBy(() -> new CircuitBreaker(policy, ticker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private CircuitBreaker tripped(BreakerSpec spec) {
    CircuitBreaker b = new CircuitBreaker(spec.build(), ticker);
    while (b.state() == State.CLOSED) {
      run(b, "F");
    }
    return b;
  }
}
