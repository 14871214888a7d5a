package io.breakwater.dataplane.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Observe.OnError;
import io.breakwater.dataplane.config.StatusRange;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealthStateTest {

  private static final Duration INTER = Duration.ofSeconds(2);
  private static final Duration FASTINTER = Duration.ofMillis(500);
  private static final Duration DOWNINTER = Duration.ofSeconds(5);

  private final MockTicker ticker = Ticker.newMockTicker();

  static HealthCheck check(int rise, int fall) {
    HealthCheck d = HealthCheck.DEFAULT;
    return new HealthCheck(
        d.type(),
        d.method(),
        d.path(),
        d.host(),
        d.expectStatus(),
        d.expectBody(),
        INTER,
        FASTINTER,
        DOWNINTER,
        d.timeout(),
        rise,
        fall,
        0);
  }

  private HealthState state(int rise, int fall, InitialState initial) {
    return new HealthState(check(rise, fall), null, initial, ticker);
  }

  private HealthState observed(int rise, int fall, int limit, OnError action) {
    return new HealthState(
        check(rise, fall),
        new Observe(limit, action, StatusRange.SERVER_ERRORS),
        InitialState.UP,
        ticker);
  }

  private static void pass(HealthState s) {
    s.onCheck(CheckStatus.L7OK, null, 1_000_000);
  }

  private static void fail(HealthState s) {
    s.onCheck(CheckStatus.L4CON, "Connection refused", 1_000_000);
  }

  /** Applies 'P' (passed) and 'F' (failed) checks in order. */
  private static void run(HealthState s, String results) {
    for (char c : results.toCharArray()) {
      if (c == 'P') {
        pass(s);
      } else {
        fail(s);
      }
    }
  }

  static Stream<int[]> riseFall() {
    return Stream.of(
        new int[] {2, 3}, new int[] {1, 1}, new int[] {3, 1}, new int[] {1, 5}, new int[] {5, 2});
  }

  @ParameterizedTest
  @MethodSource("riseFall")
  void exactlyFallFailuresTakeAFullyUpServerDown(int[] rf) {
    HealthState s = state(rf[0], rf[1], InitialState.UP);
    for (int i = 1; i < rf[1]; i++) {
      fail(s);
      assertThat(s.isUp()).as("after %d failures", i).isTrue();
    }
    fail(s);
    assertThat(s.isUp()).isFalse();
    assertThat(s.snapshot().health()).isZero();
    assertThat(s.snapshot().checksFailed()).isEqualTo(rf[1]);
    assertThat(s.snapshot().downs()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("riseFall")
  void exactlyRiseSuccessesBringADownServerUp(int[] rf) {
    HealthState s = state(rf[0], rf[1], InitialState.DOWN);
    for (int i = 1; i < rf[0]; i++) {
      pass(s);
      assertThat(s.isUp()).as("after %d passes", i).isFalse();
    }
    pass(s);
    assertThat(s.isUp()).isTrue();
    assertThat(s.snapshot().health()).isEqualTo(rf[0] + rf[1] - 1);
    assertThat(s.snapshot().checksPassed()).isEqualTo(rf[0]);
  }

  record Sequence(
      String name,
      int rise,
      int fall,
      InitialState initial,
      String results,
      List<String> statuses) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Sequence> sequences() {
    return Stream.of(
        new Sequence(
            "going down and back", 2, 3, InitialState.UP, "FFP", List.of("UP 2/3", "UP 1/3", "UP")),
        new Sequence(
            "down, then going up",
            2,
            3,
            InitialState.UP,
            "FFFPFPP",
            List.of("UP 2/3", "UP 1/3", "DOWN", "DOWN 1/2", "DOWN", "DOWN 1/2", "UP")),
        new Sequence(
            "alternating from up stays up",
            2,
            3,
            InitialState.UP,
            "FPFPFP",
            List.of("UP 2/3", "UP", "UP 2/3", "UP", "UP 2/3", "UP")),
        new Sequence(
            "alternating from down stays down",
            2,
            3,
            InitialState.DOWN,
            "PFPFPF",
            List.of("DOWN 1/2", "DOWN", "DOWN 1/2", "DOWN", "DOWN 1/2", "DOWN")),
        new Sequence(
            "rise 1 fall 1 flips each time",
            1,
            1,
            InitialState.UP,
            "FPF",
            List.of("DOWN", "UP", "DOWN")),
        new Sequence(
            "rise 3",
            3,
            2,
            InitialState.DOWN,
            "PPFP",
            List.of("DOWN 1/3", "DOWN 2/3", "DOWN", "DOWN 1/3")));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void statusFollowsHaproxyCounters(Sequence c) {
    HealthState s = state(c.rise, c.fall, c.initial);
    List<String> seen = new ArrayList<>();
    for (char r : c.results.toCharArray()) {
      run(s, String.valueOf(r));
      seen.add(s.status());
    }
    assertThat(seen).isEqualTo(c.statuses);
  }

  @Test
  void initialStates() {
    assertThat(state(2, 3, InitialState.UP).snapshot().health()).isEqualTo(4);
    assertThat(state(2, 3, InitialState.UP).status()).isEqualTo("UP");
    assertThat(state(2, 3, InitialState.DOWN).snapshot().health()).isZero();
    assertThat(state(2, 3, InitialState.DOWN).status()).isEqualTo("DOWN");
    HealthState unchecked = new HealthState(null, null, InitialState.DOWN, ticker);
    assertThat(unchecked.isUp()).isTrue();
    assertThat(unchecked.status()).isEqualTo("no check");
    assertThat(state(2, 3, InitialState.UP).snapshot().lastCheck().status())
        .isEqualTo(CheckStatus.INI);
  }

  @Test
  void failuresAtHealthZeroAreNotCountedAsChkfail() {
    HealthState s = state(2, 3, InitialState.DOWN);
    run(s, "FFF");
    assertThat(s.snapshot().checksFailed()).isZero();
    run(s, "PF");
    assertThat(s.snapshot().checksFailed()).isEqualTo(1);
  }

  @Test
  void recordsTheLastCheckAndTheLastChange() {
    HealthState s = state(2, 2, InitialState.UP);
    ticker.advance(7, TimeUnit.SECONDS);
    s.onCheck(CheckStatus.L7STS, "HTTP status 503", 3_000_000);
    assertThat(s.snapshot().lastChangeNanos()).isZero();
    ticker.advance(2, TimeUnit.SECONDS);
    s.onCheck(CheckStatus.L4TOUT, null, 2_000_000_000L);
    HealthState.Snapshot snap = s.snapshot();
    assertThat(snap.lastChangeNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(9));
    assertThat(snap.lastChangeReason()).isEqualTo("Layer4 timeout");
    assertThat(snap.lastCheck())
        .isEqualTo(
            new CheckResult(CheckStatus.L4TOUT, null, 2_000_000_000L, TimeUnit.SECONDS.toNanos(9)));
    s.onCheck(CheckStatus.L7OK, "HTTP status 200", 1);
    s.onCheck(CheckStatus.L7OK, "HTTP status 200", 1);
    assertThat(s.snapshot().lastChangeReason())
        .isEqualTo("Layer7 check passed, info: HTTP status 200");
  }

  record OnErrorCase(
      OnError action, String before, String status, CheckStatus lastCheck, long chkfail) {
    @Override
    public String toString() {
      return action + " from " + (before.isEmpty() ? "fully up" : before);
    }
  }

  static Stream<OnErrorCase> onErrorActions() {
    return Stream.of(
        new OnErrorCase(OnError.FASTINTER, "", "UP", CheckStatus.INI, 0),
        new OnErrorCase(OnError.FAIL_CHECK, "", "UP 2/3", CheckStatus.HANA, 1),
        new OnErrorCase(OnError.FAIL_CHECK, "FF", "DOWN", CheckStatus.HANA, 3),
        new OnErrorCase(OnError.SUDDEN_DEATH, "", "UP 1/3", CheckStatus.HANA, 1),
        new OnErrorCase(OnError.SUDDEN_DEATH, "F", "UP 1/3", CheckStatus.HANA, 2),
        new OnErrorCase(OnError.SUDDEN_DEATH, "FF", "DOWN", CheckStatus.HANA, 3),
        new OnErrorCase(OnError.MARK_DOWN, "", "DOWN", CheckStatus.HANA, 1),
        new OnErrorCase(OnError.MARK_DOWN, "FFFP", "DOWN", CheckStatus.HANA, 4));
  }

  @ParameterizedTest
  @MethodSource("onErrorActions")
  void errorLimitAppliesTheOnErrorAction(OnErrorCase c) {
    HealthState s = observed(2, 3, 4, c.action);
    run(s, c.before);
    for (int i = 0; i < 3; i++) {
      s.onLiveError("502 from server");
    }
    assertThat(s.snapshot().hanaFailures()).isZero();
    s.onLiveError("Read timeout");
    HealthState.Snapshot snap = s.snapshot();
    assertThat(snap.status()).isEqualTo(c.status);
    assertThat(snap.lastCheck().status()).isEqualTo(c.lastCheck);
    assertThat(snap.checksFailed()).isEqualTo(c.chkfail);
    assertThat(snap.hanaFailures()).isEqualTo(1);
    assertThat(snap.fastinter()).isTrue();
    assertThat(s.consecutiveErrors()).isZero();
  }

  @Test
  void hanaResultDescribesTheErrors() {
    HealthState s = observed(2, 3, 2, OnError.FAIL_CHECK);
    s.onLiveError("x");
    s.onLiveError("Read timeout");
    assertThat(s.snapshot().lastCheck().info())
        .isEqualTo("Detected 2 consecutive errors, last one was: Read timeout");
  }

  @Test
  void suddenDeathLeavesOneFailureToGoDown() {
    HealthState s = observed(2, 3, 1, OnError.SUDDEN_DEATH);
    s.onLiveError("x");
    assertThat(s.isUp()).isTrue();
    fail(s);
    assertThat(s.isUp()).isFalse();
  }

  @Test
  void successAndPassedChecksResetTheConsecutiveCount() {
    HealthState s = observed(2, 3, 3, OnError.MARK_DOWN);
    s.onLiveError("x");
    s.onLiveError("x");
    s.onLiveSuccess();
    s.onLiveError("x");
    s.onLiveError("x");
    pass(s);
    s.onLiveError("x");
    s.onLiveError("x");
    assertThat(s.consecutiveErrors()).isEqualTo(2);
    assertThat(s.status()).isEqualTo("UP");
    assertThat(s.snapshot().hanaFailures()).isZero();
  }

  @Test
  void liveErrorsAreIgnoredWithoutObserve() {
    HealthState s = state(2, 3, InitialState.UP);
    for (int i = 0; i < 100; i++) {
      s.onLiveError("x");
    }
    assertThat(s.consecutiveErrors()).isZero();
    assertThat(s.status()).isEqualTo("UP");
  }

  record IntervalCase(
      String name, InitialState initial, String results, boolean fastinterFlag, Duration expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<IntervalCase> intervals() {
    return Stream.of(
        new IntervalCase("fully up", InitialState.UP, "", false, INTER),
        new IntervalCase("going down", InitialState.UP, "F", false, FASTINTER),
        new IntervalCase("fully down", InitialState.DOWN, "", false, DOWNINTER),
        new IntervalCase("going up", InitialState.DOWN, "P", false, FASTINTER),
        new IntervalCase("fully up after observed errors", InitialState.UP, "", true, FASTINTER),
        new IntervalCase(
            "fully down after observed errors", InitialState.UP, "FFF", true, DOWNINTER));
  }

  @ParameterizedTest
  @MethodSource("intervals")
  void nextIntervalFollowsHaproxy(IntervalCase c) {
    HealthState s =
        new HealthState(
            check(2, 3), new Observe(1, OnError.FASTINTER, List.of()), c.initial, ticker);
    run(s, c.results);
    if (c.fastinterFlag) {
      s.onLiveError("x");
    }
    assertThat(s.nextInterval(check(2, 3))).isEqualTo(c.expected);
    assertThat(s.snapshot().fastinter()).as("one-shot flag consumed").isFalse();
  }

  @Test
  void fastinterIsOneShot() {
    HealthState s = observed(2, 3, 1, OnError.FASTINTER);
    s.onLiveError("x");
    assertThat(s.nextInterval(check(2, 3))).isEqualTo(FASTINTER);
    assertThat(s.nextInterval(check(2, 3))).isEqualTo(INTER);
  }

  @Test
  void listenersHearTransitionsAndFastinterRequests() {
    HealthState s = observed(2, 2, 1, OnError.FAIL_CHECK);
    List<String> events = new ArrayList<>();
    s.addListener(
        new HealthState.Listener() {
          @Override
          public void onTransition(HealthState state, HealthState.Snapshot now) {
            events.add(now.up() ? "up" : "down: " + now.lastChangeReason());
          }

          @Override
          public void onFastinter(HealthState state) {
            events.add("fastinter");
          }
        });
    s.onLiveError("Read timeout");
    fail(s);
    fail(s);
    run(s, "PP");
    assertThat(events)
        .containsExactly(
            "fastinter", "down: Layer4 connection problem, info: Connection refused", "up");
  }

  @Test
  void rejectsInvalidUse() {
    assertThatThrownBy(() -> new HealthState(null, Observe.DEFAULT, InitialState.UP, ticker))
        .hasMessage("observe: set (expected: only with a health check)");
    assertThatThrownBy(() -> state(0, 3, InitialState.UP))
        .hasMessage("healthCheck.rise: 0 (expected: >= 1)");
    assertThatThrownBy(
            () ->
                new HealthState(null, null, InitialState.UP, ticker)
                    .onCheck(CheckStatus.L4OK, null, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> state(2, 3, InitialState.UP).onCheck(CheckStatus.HANA, null, 0))
        .hasMessage("status: HANA (expected: a check result)");
  }

  @Test
  @Timeout(10)
  void concurrentErrorsTriggerOncePerErrorLimit() throws InterruptedException {
    HealthState s = observed(2, 3, 10, OnError.FASTINTER);
    int threads = 4;
    int perThread = 5_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  s.onLiveError("x");
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertThat(s.snapshot().hanaFailures()).isEqualTo(threads * perThread / 10);
    assertThat(s.consecutiveErrors()).isZero();
  }
}
