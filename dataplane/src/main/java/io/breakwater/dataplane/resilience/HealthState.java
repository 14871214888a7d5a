package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Observe;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's health, with HAProxy's counter semantics ({@code src/check.c}). An integer {@code
 * health} in {@code [0, rise+fall-1]} moves one step per check; the server is UP iff {@code health
 * >= rise}. A failed check (when {@code health > 0}) decrements it and drops it to 0 once below
 * {@code rise}; a passed check (when below the top) increments it and lifts it to the top once at
 * {@code rise}. So a fully UP server goes DOWN after exactly {@code fall} failures in a row and a
 * DOWN one comes UP after exactly {@code rise} passes.
 *
 * <p>Passive observation ({@link Observe}) counts consecutive errors of live traffic; reaching
 * {@code errorLimit} applies the {@code on-error} action as HAProxy does: every action asks for the
 * next check at {@code fastinter}; {@code fail-check} injects one failed check, {@code
 * sudden-death} first lowers health to {@code rise+1} so that one more failure takes the server
 * down, {@code mark-down} first sets it to {@code rise} so that the injected failure takes it down
 * now. As in HAProxy, {@code fastinter} alone leaves the last check result untouched; the others
 * record it as {@link CheckStatus#HANA}.
 *
 * <p>Checks run on one event loop, live traffic reports from all of them. Every change is a
 * compare-and-set of an immutable {@link Snapshot}; the consecutive-error count is a separate
 * atomic, so a good response costs one volatile read when there were no errors.
 *
 * <p>Only health depends on {@code rise}, {@code fall} and {@code observe}: when those change the
 * caller builds a new state (seeding {@link InitialState} from {@link #isUp()}); intervals are read
 * from the {@link HealthCheck} passed to {@link #nextInterval}, so they may change freely.
 */
public final class HealthState {

  private static final Logger log = LoggerFactory.getLogger(HealthState.class);

  /** What {@link #status()} shows for a server without health checks. */
  public static final String NO_CHECK = "no check";

  /**
   * An immutable view of the state.
   *
   * @param checked false for a server without health checks (always UP)
   * @param rise passes that bring a DOWN server UP
   * @param fall failures that take a fully UP server DOWN
   * @param health HAProxy's check health, {@code 0..rise+fall-1}
   * @param fastinter the next interval is {@code fastinter} (set by passive observation)
   * @param checksPassed checks passed, ever
   * @param checksFailed HAProxy's {@code chkfail}: failed checks while health was above 0,
   *     including injected ones
   * @param downs HAProxy's {@code chkdown}: UP to DOWN transitions
   * @param hanaFailures HAProxy's {@code hanafail}: times passive observation hit its error limit
   * @param lastChangeNanos when the server last went UP or DOWN (or the state was created)
   * @param lastChangeReason why, e.g. "Layer4 connection problem, info: Connection refused"
   * @param lastCheck the last check's result ({@link CheckStatus#INI} before the first)
   */
  public record Snapshot(
      boolean checked,
      int rise,
      int fall,
      int health,
      boolean fastinter,
      long checksPassed,
      long checksFailed,
      long downs,
      long hanaFailures,
      long lastChangeNanos,
      String lastChangeReason,
      CheckResult lastCheck) {

    public boolean up() {
      return health >= rise;
    }

    /** {@code rise + fall - 1}: the health of a fully UP server. */
    public int fullHealth() {
      return rise + fall - 1;
    }

    /**
     * HAProxy's stats status: {@code UP}, {@code UP x/fall} while going down ({@code x =
     * health-rise+1}), {@code DOWN}, {@code DOWN health/rise} while going up, or {@code no check}.
     */
    public String status() {
      if (!checked) {
        return NO_CHECK;
      }
      if (up()) {
        return health == fullHealth() ? "UP" : "UP " + (health - rise + 1) + "/" + fall;
      }
      return health == 0 ? "DOWN" : "DOWN " + health + "/" + rise;
    }

    Snapshot withFastinter(boolean on) {
      return new Snapshot(
          checked,
          rise,
          fall,
          health,
          on,
          checksPassed,
          checksFailed,
          downs,
          hanaFailures,
          lastChangeNanos,
          lastChangeReason,
          lastCheck);
    }
  }

  /** Told of changes; called on the thread that made the change, after it is visible. */
  public interface Listener {
    /** The server went UP ({@code now.up()}) or DOWN. */
    void onTransition(HealthState state, Snapshot now);

    /** Passive observation asks for the next check at {@code fastinter}: reschedule it. */
    default void onFastinter(HealthState state) {}
  }

  private final Ticker ticker;
  private final Observe observe;
  private final AtomicReference<Snapshot> snapshot;
  private final AtomicInteger consecutiveErrors = new AtomicInteger();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param check the server's health check; {@code null} = not checked (always UP, "no check")
   * @param observe passive observation; {@code null} = off. Needs a check, since only a check can
   *     bring the server back
   * @param initial health before the first check: {@code UP} = fully up, {@code DOWN} = health 0
   */
  public HealthState(HealthCheck check, Observe observe, InitialState initial, Ticker ticker) {
    Objects.requireNonNull(initial, "initial");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    if (check != null) {
      requireAtLeast1("healthCheck.rise", check.rise());
      requireAtLeast1("healthCheck.fall", check.fall());
    }
    if (observe != null) {
      if (check == null) {
        throw new IllegalArgumentException("observe: set (expected: only with a health check)");
      }
      requireAtLeast1("observe.errorLimit", observe.errorLimit());
    }
    this.observe = observe;
    long now = ticker.nanoTime();
    int rise = check == null ? 1 : check.rise();
    int fall = check == null ? 1 : check.fall();
    int health = check == null || initial == InitialState.UP ? rise + fall - 1 : 0;
    this.snapshot =
        new AtomicReference<>(
            new Snapshot(
                check != null,
                rise,
                fall,
                health,
                false,
                0,
                0,
                0,
                0,
                now,
                "initial state",
                new CheckResult(CheckStatus.INI, null, 0, now)));
  }

  private static void requireAtLeast1(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: >= 1)");
    }
  }

  /** Whether the server is UP: one volatile read, for the balancer's hot path. */
  public boolean isUp() {
    return snapshot.get().up();
  }

  public Snapshot snapshot() {
    return snapshot.get();
  }

  /** See {@link Snapshot#status()}. */
  public String status() {
    return snapshot.get().status();
  }

  /** Live errors in a row since the last good response, check pass or error-limit action. */
  public int consecutiveErrors() {
    Observe o = observe;
    return o == null ? 0 : consecutiveErrors.get() % o.errorLimit();
  }

  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Records an active check's result; whether it passed follows from {@code status}.
   *
   * @throws IllegalStateException if the server has no health check
   * @throws IllegalArgumentException for {@link CheckStatus#INI} and {@link CheckStatus#HANA},
   *     which no check produces
   */
  public void onCheck(CheckStatus status, String info, long durationNanos) {
    if (status == CheckStatus.INI || status == CheckStatus.HANA) {
      throw new IllegalArgumentException("status: " + status + " (expected: a check result)");
    }
    if (!snapshot.get().checked()) {
      throw new IllegalStateException("onCheck: the server has no health check");
    }
    long now = ticker.nanoTime();
    CheckResult result = new CheckResult(status, info, durationNanos, now);
    if (result.passed()) {
      onLiveSuccess(); // HAProxy: a passed check clears the passive error count too
    }
    for (; ; ) {
      Snapshot s = snapshot.get();
      Snapshot n =
          result.passed()
              ? passed(s, result, now)
              : failed(s, s.health(), s.fastinter(), 0, result, now);
      if (snapshot.compareAndSet(s, n)) {
        publish(s, n);
        return;
      }
    }
  }

  /**
   * The delay before the next check (HAProxy's {@code srv_getinter}): {@code interval} when fully
   * UP and no {@code fastinter} was asked for; {@code downinter} when DOWN at health 0; otherwise
   * {@code fastinter}. The request for {@code fastinter} is one-shot: this call clears it.
   */
  public Duration nextInterval(HealthCheck check) {
    for (; ; ) {
      Snapshot s = snapshot.get();
      Duration next;
      if (s.health() == s.fullHealth() && !s.fastinter()) {
        next = check.interval();
      } else if (s.health() == 0) {
        next = check.downinter();
      } else {
        next = check.fastinter();
      }
      if (!s.fastinter() || snapshot.compareAndSet(s, s.withFastinter(false))) {
        return next;
      }
    }
  }

  /** A good live response: clears the consecutive-error count (no write when already 0). */
  public void onLiveSuccess() {
    if (consecutiveErrors.get() != 0) {
      consecutiveErrors.set(0);
    }
  }

  /**
   * A live error (connect failure, timeout, invalid response, error status); {@code why} ends the
   * HANA message. Ignored without passive observation. The call that reaches {@code errorLimit}
   * applies the action; errors racing past it count toward the next run.
   */
  public void onLiveError(String why) {
    Observe o = observe;
    if (o == null) {
      return;
    }
    int limit = o.errorLimit();
    // Each multiple of the limit is reached by exactly one caller, so racing errors neither trigger
    // twice nor get lost; the reset keeps the count small when no error raced past.
    int count = consecutiveErrors.incrementAndGet();
    if (count % limit != 0) {
      return;
    }
    consecutiveErrors.compareAndSet(count, 0);
    long now = ticker.nanoTime();
    CheckResult hana =
        new CheckResult(
            CheckStatus.HANA,
            "Detected " + limit + " consecutive errors, last one was: " + why,
            0,
            now);
    for (; ; ) {
      Snapshot s = snapshot.get();
      Snapshot n =
          switch (o.onError()) {
            case FASTINTER -> withHana(s.withFastinter(true));
            case FAIL_CHECK -> failed(s, s.health(), true, 1, hana, now);
            case SUDDEN_DEATH ->
                failed(s, s.health() > s.rise() ? s.rise() + 1 : s.health(), true, 1, hana, now);
            case MARK_DOWN -> failed(s, s.rise(), true, 1, hana, now);
          };
      if (snapshot.compareAndSet(s, n)) {
        publish(s, n);
        break;
      }
    }
    for (Listener l : listeners) {
      try {
        l.onFastinter(this);
      } catch (RuntimeException e) {
        log.warn("health listener failed", e);
      }
    }
  }

  private static Snapshot withHana(Snapshot s) {
    return new Snapshot(
        s.checked(),
        s.rise(),
        s.fall(),
        s.health(),
        s.fastinter(),
        s.checksPassed(),
        s.checksFailed(),
        s.downs(),
        s.hanaFailures() + 1,
        s.lastChangeNanos(),
        s.lastChangeReason(),
        s.lastCheck());
  }

  private static Snapshot passed(Snapshot s, CheckResult result, long now) {
    int health = s.health();
    if (health < s.fullHealth()) {
      health++;
      if (health >= s.rise()) {
        health = s.fullHealth();
      }
    }
    boolean changed = (health >= s.rise()) != s.up();
    return new Snapshot(
        s.checked(),
        s.rise(),
        s.fall(),
        health,
        s.fastinter(),
        s.checksPassed() + 1,
        s.checksFailed(),
        s.downs(),
        s.hanaFailures(),
        changed ? now : s.lastChangeNanos(),
        changed ? result.summary() : s.lastChangeReason(),
        result);
  }

  /** One failed check, starting from {@code health} (which on-error actions may have moved). */
  private static Snapshot failed(
      Snapshot s, int health, boolean fastinter, int hana, CheckResult result, long now) {
    long checksFailed = s.checksFailed();
    if (health > 0) {
      checksFailed++;
      health--;
      if (health < s.rise()) {
        health = 0;
      }
    }
    boolean wentDown = s.up() && health < s.rise();
    return new Snapshot(
        s.checked(),
        s.rise(),
        s.fall(),
        health,
        fastinter,
        s.checksPassed(),
        checksFailed,
        s.downs() + (wentDown ? 1 : 0),
        s.hanaFailures() + hana,
        wentDown ? now : s.lastChangeNanos(),
        wentDown ? result.summary() : s.lastChangeReason(),
        result);
  }

  private void publish(Snapshot before, Snapshot after) {
    if (before.up() == after.up()) {
      return;
    }
    for (Listener l : listeners) {
      try {
        l.onTransition(this, after);
      } catch (RuntimeException e) {
        log.warn("health listener failed", e);
      }
    }
  }
}
