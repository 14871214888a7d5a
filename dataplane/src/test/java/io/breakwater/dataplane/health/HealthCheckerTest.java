package io.breakwater.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.testing.Await;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checker's schedule on an embedded event loop with a mock ticker: time only moves when a test
 * moves it, probes are promises the test completes, and every random draw is scripted.
 */
class HealthCheckerTest {
  private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 9001);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 9002);
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final ProbeResult OK = new ProbeResult(true, ProbeResult.L4OK, "connected", 1);

  private final MockTicker ticker = Ticker.newMockTicker();
  private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
  private final EventLoop loop = channel.eventLoop();
  private final FakeProber prober = new FakeProber();
  private final List<String> events = new ArrayList<>();
  private final Deque<Duration> intervals = new ArrayDeque<>();
  private final ScriptedDoubles random = new ScriptedDoubles();

  @AfterEach
  void finish() {
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private HealthChecker checker(double spread) {
    return new HealthChecker(
        prober,
        loop,
        A,
        Checks.tcp(),
        () -> {
          Duration d = intervals.isEmpty() ? INTERVAL : intervals.poll();
          events.add("interval " + d.toMillis());
          return d;
        },
        r -> events.add("result " + r.code()),
        random,
        spread);
  }

  private HealthChecker checker() {
    return checker(0.1);
  }

  private void advance(Duration d) {
    ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
    channel.runPendingTasks();
  }

  /** Nanoseconds until the next scheduled task, or -1 when nothing is scheduled. */
  private long nextTimerNanos() {
    return channel.runScheduledPendingTasks();
  }

  @ParameterizedTest(name = "draw {0} -> first check after {1} ns")
  @CsvSource({"0.0, 0", "0.25, 500000000", "0.9999999999999999, 1999999999"})
  void firstCheckWaitsARandomPartOfTheFirstInterval(double draw, long expectedNanos) {
    random.add(draw);
    HealthChecker c = checker();

    c.start();

    if (expectedNanos > 0) {
      assertThat(nextTimerNanos()).isEqualTo(expectedNanos);
      advance(Duration.ofNanos(expectedNanos - 1));
      assertThat(prober.calls).isEmpty();
      advance(Duration.ofNanos(1));
    } else {
      channel.runPendingTasks();
    }
    assertThat(prober.calls).hasSize(1);
    assertThat(nextTimerNanos()).as("no timer while the probe runs").isEqualTo(-1);
  }

  @Test
  void firstIntervalComesFromTheIntervalSource() {
    intervals.add(Duration.ofMillis(100)); // fastinter, for a server not yet checked
    random.add(0.5);
    checker().start();

    assertThat(nextTimerNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
  }

  @ParameterizedTest(name = "draw {0} with spread {1} -> {2} ms")
  @CsvSource({
    "0.0, 0.1, 1800",
    "0.5, 0.1, 2000",
    "0.75, 0.1, 2100",
    "0.0, 0.5, 1000",
    "0.0, 0.0, 2000",
    "0.9999999999999999, 0.0, 2000"
  })
  void laterChecksWaitTheIntervalMovedByJitterWithinTheSpread(
      double draw, double spread, long expectedMillis) {
    random.add(0.0, draw);
    checker(spread).start();
    channel.runPendingTasks();

    prober.complete(0, OK);

    assertThat(nextTimerNanos()).isEqualTo(Duration.ofMillis(expectedMillis).toNanos());
  }

  @Test
  void jitterStaysWithinTheSpreadForAnyDraw() {
    RandomGenerator real = RandomGenerator.of("L64X128MixRandom");
    for (int i = 0; i < 200; i++) {
      random.add(real.nextDouble());
    }
    HealthChecker c = checker(0.1);
    c.start();
    advance(INTERVAL);
    for (int i = 0; i < 199; i++) {
      prober.complete(i, OK);
      long next = nextTimerNanos();
      assertThat(next).isBetween(1_800_000_000L, 2_200_000_000L);
      advance(Duration.ofNanos(next));
    }
  }

  @Test
  void reportsEachResultThenAsksForTheNextInterval() {
    intervals.add(Duration.ofSeconds(1));
    intervals.add(Duration.ofSeconds(5));
    intervals.add(Duration.ofMillis(300));
    random.add(0.0, 0.5, 0.5);
    checker().start();
    channel.runPendingTasks();

    prober.complete(0, OK);
    assertThat(nextTimerNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    advance(Duration.ofSeconds(5));
    prober.complete(1, new ProbeResult(false, ProbeResult.L4CON, "refused", 1));
    assertThat(nextTimerNanos()).isEqualTo(Duration.ofMillis(300).toNanos());

    assertThat(events)
        .containsExactly(
            "interval 1000", "result L4OK", "interval 5000", "result L4CON", "interval 300");
  }

  @Test
  void stopCancelsThePendingTimer() {
    random.add(0.5);
    HealthChecker c = checker();
    c.start();
    assertThat(nextTimerNanos()).isPositive();

    c.stop();

    assertThat(nextTimerNanos()).isEqualTo(-1);
    advance(Duration.ofMinutes(1));
    assertThat(prober.calls).isEmpty();
  }

  @Test
  void stopCancelsTheProbeInFlight() {
    random.add(0.0);
    HealthChecker c = checker();
    c.start();
    channel.runPendingTasks();

    c.stop();

    assertThat(prober.promises.get(0).isCancelled()).isTrue();
    assertThat(events).containsExactly("interval 2000");
    assertThat(nextTimerNanos()).isEqualTo(-1);
  }

  @Test
  void aResultArrivingAfterStopIsIgnored() {
    random.add(0.0);
    HealthChecker c = checker();
    c.start();
    channel.runPendingTasks();
    prober.promises.get(0).setUncancellable(); // a probe that cannot be abandoned any more

    c.stop();
    prober.complete(0, OK);

    assertThat(events).containsExactly("interval 2000");
    assertThat(nextTimerNanos()).isEqualTo(-1);
  }

  @Test
  void aStoppedCheckerStartsAgainWithFreshJitter() {
    random.add(0.5, 0.25);
    HealthChecker c = checker();
    c.start();
    c.stop();

    c.start();

    assertThat(nextTimerNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
  }

  @Test
  void startingTwiceKeepsTheSchedule() {
    random.add(0.5, 0.0);
    HealthChecker c = checker();
    c.start();
    c.start();

    assertThat(nextTimerNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void checkNowProbesAtOnceAndThenFollowsTheSchedule() {
    random.add(0.9, 0.5);
    HealthChecker c = checker();
    c.start();
    advance(Duration.ofMillis(100));

    c.checkNow();

    assertThat(prober.calls).hasSize(1);
    assertThat(nextTimerNanos()).as("the first timer is gone").isEqualTo(-1);
    prober.complete(0, OK);
    assertThat(nextTimerNanos()).isEqualTo(INTERVAL.toNanos());
    advance(INTERVAL);
    assertThat(prober.calls).hasSize(2);
  }

  @Test
  void checkNowWhileAProbeRunsOrWhenStoppedDoesNothing() {
    random.add(0.0);
    HealthChecker c = checker();
    c.checkNow();
    assertThat(prober.calls).isEmpty();

    c.start();
    channel.runPendingTasks();
    c.checkNow();

    assertThat(prober.calls).hasSize(1);
  }

  @Test
  void listenerMayAskForACheckAtOnce() {
    random.add(0.0);
    List<HealthChecker> self = new ArrayList<>();
    HealthChecker c =
        new HealthChecker(
            prober,
            loop,
            A,
            Checks.tcp(),
            () -> INTERVAL,
            r -> {
              if (!r.passed()) {
                self.get(0).checkNow();
              }
            },
            random,
            0);
    self.add(c);
    c.start();
    channel.runPendingTasks();

    prober.complete(0, new ProbeResult(false, ProbeResult.L4TOUT, "slow", 1));

    assertThat(prober.calls).hasSize(2);
    assertThat(nextTimerNanos()).as("no timer beside the probe in flight").isEqualTo(-1);
  }

  @Test
  void listenerMayStopTheChecker() {
    random.add(0.0);
    List<HealthChecker> self = new ArrayList<>();
    HealthChecker c =
        new HealthChecker(
            prober, loop, A, Checks.tcp(), () -> INTERVAL, r -> self.get(0).stop(), random, 0);
    self.add(c);
    c.start();
    channel.runPendingTasks();

    prober.complete(0, OK);

    assertThat(nextTimerNanos()).isEqualTo(-1);
  }

  @Test
  void aFailingListenerDoesNotStopTheChecks() {
    random.add(0.0, 0.5);
    HealthChecker c =
        new HealthChecker(
            prober,
            loop,
            A,
            Checks.tcp(),
            () -> INTERVAL,
            r -> {
              throw new IllegalStateException("listener bug");
            },
            random,
            0.1);
    c.start();
    channel.runPendingTasks();

    prober.complete(0, OK);

    assertThat(nextTimerNanos()).isEqualTo(INTERVAL.toNanos());
  }

  @Test
  void updatesApplyFromTheNextProbeOn() {
    random.add(0.0, 0.5);
    HealthChecker c = checker();
    c.start();
    channel.runPendingTasks();
    HealthCheck http = Checks.http("/healthz");

    c.updateCheck(http);
    c.updateTarget(B);

    assertThat(prober.calls.get(0)).isEqualTo(new Call(A, Checks.tcp()));
    assertThat(nextTimerNanos()).as("the schedule is not disturbed").isEqualTo(-1);
    prober.complete(0, OK);
    advance(INTERVAL);
    assertThat(prober.calls.get(1)).isEqualTo(new Call(B, http));
  }

  @Test
  void aProbeThatFailsIsReportedAsASocketError() {
    random.add(0.0);
    List<ProbeResult> results = new ArrayList<>();
    HealthChecker c =
        new HealthChecker(prober, loop, A, Checks.tcp(), () -> INTERVAL, results::add, random, 0);
    c.start();
    channel.runPendingTasks();

    prober.promises.get(0).setFailure(new IllegalStateException("broken"));

    assertThat(results).hasSize(1);
    assertThat(results.get(0).code()).isEqualTo(ProbeResult.SOCKERR);
    assertThat(results.get(0).description()).contains("broken");
    assertThat(nextTimerNanos()).isEqualTo(INTERVAL.toNanos());
  }

  @Test
  void rejectsASpreadOutOfRange() {
    assertThatThrownBy(() -> checker(0.7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spread: 0.7 (expected: >= 0 and <= 0.5)");
    assertThatThrownBy(() -> checker(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void callsFromAnotherThreadRunOnTheLoop() throws Exception {
    DefaultEventLoop real = new DefaultEventLoop();
    try {
      List<Thread> resultThreads = new CopyOnWriteArrayList<>();
      List<Promise<ProbeResult>> probes = new CopyOnWriteArrayList<>();
      // Three probes pass at once; the fourth stays in flight until the checker abandons it.
      Prober prober =
          (l, t, check) -> {
            Promise<ProbeResult> p = l.newPromise();
            probes.add(p);
            return probes.size() <= 3 ? p.setSuccess(OK) : p;
          };
      HealthChecker c =
          new HealthChecker(
              prober,
              real,
              A,
              Checks.tcp(),
              () -> Duration.ofMillis(1),
              r -> resultThreads.add(Thread.currentThread()),
              RandomGenerator.of("L64X128MixRandom"),
              0.1);

      c.start();
      Await.until(() -> probes.size() == 4);
      c.stop();
      real.submit(() -> {}).get(10, TimeUnit.SECONDS);

      assertThat(probes.get(3).isCancelled()).isTrue();
      assertThat(resultThreads).hasSize(3).allMatch(real::inEventLoop);
    } finally {
      real.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }

  record Call(InetSocketAddress target, HealthCheck check) {}

  /** Records every probe and hands out a promise the test completes. */
  private final class FakeProber implements Prober {
    final List<Call> calls = new ArrayList<>();
    final List<Promise<ProbeResult>> promises = new ArrayList<>();

    @Override
    public Future<ProbeResult> probe(EventLoop l, InetSocketAddress target, HealthCheck check) {
      calls.add(new Call(target, check));
      Promise<ProbeResult> p = l.newPromise();
      promises.add(p);
      return p;
    }

    void complete(int probe, ProbeResult result) {
      promises.get(probe).trySuccess(result);
      channel.runPendingTasks();
    }
  }

  /** Answers {@link #nextDouble()} from a script; any other draw is a test error. */
  private static final class ScriptedDoubles implements RandomGenerator {
    private final Deque<Double> script = new ArrayDeque<>();

    void add(double... draws) {
      for (double d : draws) {
        script.add(d);
      }
    }

    @Override
    public double nextDouble() {
      if (script.isEmpty()) {
        throw new IllegalStateException("no scripted draw left");
      }
      return script.poll();
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("only nextDouble() is scripted");
    }
  }
}
