package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Durations;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker with resilience4j's states and Envoy's growing ejection time, per the {@link
 * Breaker} policy (used per backend, and per server for outlier detection).
 *
 * <ul>
 *   <li>CLOSED: every call is permitted and its outcome recorded in a sliding window (the last
 *       {@code windowSize} calls, or the last {@code window} of time). It opens when {@code
 *       consecutiveFailures} (if set) fail in a row, or, once the window holds {@code
 *       minimumRequests} calls, when the failure rate reaches {@code failureRateThreshold} or the
 *       rate of calls slower than {@code slowCallDuration} (if set) reaches {@code
 *       slowCallRateThreshold}.
 *   <li>OPEN: calls are refused for {@code openDuration × 2^(trips−1)}, capped at {@code
 *       maxOpenDuration}, where trips counts the opens since the breaker was last CLOSED. The move
 *       to HALF_OPEN is lazy: the first {@link #tryAcquire()} after the period makes it.
 *   <li>HALF_OPEN: exactly {@code halfOpenRequests} probes are permitted. One failure opens the
 *       breaker again (one more trip); when all have succeeded it closes with a fresh window and no
 *       trips, unless the slow probes reach {@code slowCallRateThreshold}.
 * </ul>
 *
 * <p>The state is an immutable phase swapped by compare-and-set; in CLOSED, {@link #tryAcquire()}
 * is one volatile read and recording an outcome touches only the window's atomics. Outcomes are
 * attributed to the phase current when they are reported: a call permitted before a trip and
 * finishing while OPEN only counts in the totals, and one finishing in HALF_OPEN counts as a probe
 * result while probes are outstanding.
 */
public final class CircuitBreaker {

  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** A change of state, with the ticker time and a reason for logs and the Runtime API. */
  public record Transition(State from, State to, long atNanos, String reason) {}

  /** Calls, failures and slow calls, in a window or in total. */
  public record Counts(long calls, long failures, long slowCalls) {}

  public interface Listener {
    /** Called on the thread that made the change, after it is visible. */
    void onTransition(CircuitBreaker breaker, Transition transition);
  }

  /**
   * One state and its data: the window (CLOSED; kept afterwards for display), the end of the open
   * period, the trips since CLOSED, and the HALF_OPEN probe accounting.
   */
  private record Phase(
      State state,
      SlidingWindow window,
      long openUntil,
      int trips,
      int permits,
      int inFlight,
      int successes,
      int slowProbes,
      Transition last) {

    Phase probes(int permits, int inFlight, int successes, int slowProbes) {
      return new Phase(
          State.HALF_OPEN,
          window,
          openUntil,
          trips,
          permits,
          inFlight,
          successes,
          slowProbes,
          last);
    }
  }

  private final Breaker policy;
  private final Ticker ticker;
  private final OpenGate gate;
  private final long slowNanos;
  private final long openNanos;
  private final long maxOpenNanos;
  private final AtomicReference<Phase> phase;
  private final LongAdder calls = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder slowCalls = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder transitions = new LongAdder();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public CircuitBreaker(Breaker policy, Ticker ticker) {
    this(policy, ticker, OpenGate.ALWAYS);
  }

  public CircuitBreaker(Breaker policy, Ticker ticker, OpenGate gate) {
    this.policy = validate(policy);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.slowNanos = policy.slowCallDuration() == null ? -1 : Args.nanos(policy.slowCallDuration());
    this.openNanos = Args.nanos(policy.openDuration());
    this.maxOpenNanos = Args.nanos(policy.maxOpenDuration());
    this.phase = new AtomicReference<>(closed(null));
  }

  private static Breaker validate(Breaker p) {
    Objects.requireNonNull(p, "policy");
    if (p.windowType() == Breaker.WindowType.COUNT) {
      Args.range("windowSize", p.windowSize(), 1, SlidingWindow.CountWindow.MAX_SIZE);
    } else {
      Args.positive("window", p.window());
    }
    Args.range("failureRateThreshold", p.failureRateThreshold(), 1, 100);
    Args.range("minimumRequests", p.minimumRequests(), 1, Long.MAX_VALUE);
    Args.range("consecutiveFailures", p.consecutiveFailures(), 0, Long.MAX_VALUE);
    Args.range("slowCallRateThreshold", p.slowCallRateThreshold(), 1, 100);
    if (p.slowCallDuration() != null) {
      Args.positive("slowCallDuration", p.slowCallDuration());
    }
    Args.positive("openDuration", p.openDuration());
    if (p.maxOpenDuration().compareTo(p.openDuration()) < 0) {
      throw new IllegalArgumentException(
          "maxOpenDuration: "
              + Durations.format(p.maxOpenDuration())
              + " (expected: >= openDuration "
              + Durations.format(p.openDuration())
              + ")");
    }
    Args.range("halfOpenRequests", p.halfOpenRequests(), 1, Long.MAX_VALUE);
    Args.range("maxEjectionPercent", p.maxEjectionPercent(), 0, 100);
    return p;
  }

  public Breaker policy() {
    return policy;
  }

  /**
   * Permission for one call: always in CLOSED; in OPEN only once the open period is over (which
   * moves to HALF_OPEN and takes its first probe); in HALF_OPEN while probes remain. A permitted
   * call must end in {@link #onSuccess}, {@link #onFailure} or {@link #release()}.
   */
  public boolean tryAcquire() {
    for (; ; ) {
      Phase p = phase.get();
      if (p.state == State.CLOSED) {
        return true;
      }
      if (p.state == State.OPEN) {
        long now = ticker.nanoTime();
        if (now - p.openUntil < 0) {
          rejected.increment();
          return false;
        }
        Transition t = new Transition(State.OPEN, State.HALF_OPEN, now, "open period over");
        Phase probing =
            new Phase(
                State.HALF_OPEN,
                p.window,
                p.openUntil,
                p.trips,
                policy.halfOpenRequests() - 1,
                1,
                0,
                0,
                t);
        if (phase.compareAndSet(p, probing)) {
          transitioned(t);
          return true;
        }
      } else {
        if (p.permits == 0) {
          rejected.increment();
          return false;
        }
        if (phase.compareAndSet(
            p, p.probes(p.permits - 1, p.inFlight + 1, p.successes, p.slowProbes))) {
          return true;
        }
      }
    }
  }

  /** A permitted call succeeded after {@code durationNanos}; it is slow past slowCallDuration. */
  public void onSuccess(long durationNanos) {
    onOutcome(false, durationNanos);
  }

  /** A permitted call failed after {@code durationNanos}. */
  public void onFailure(long durationNanos) {
    onOutcome(true, durationNanos);
  }

  /**
   * A permitted call was not made, or ended neither way (cancelled by the client): in HALF_OPEN its
   * probe permit returns, so probes cannot leak. Elsewhere it does nothing.
   */
  public void release() {
    for (; ; ) {
      Phase p = phase.get();
      if (p.state != State.HALF_OPEN || p.inFlight == 0) {
        return;
      }
      if (phase.compareAndSet(
          p, p.probes(p.permits + 1, p.inFlight - 1, p.successes, p.slowProbes))) {
        return;
      }
    }
  }

  /** Back to CLOSED with an empty window and no trips (Runtime API; or before discarding it). */
  public void reset() {
    for (; ; ) {
      Phase p = phase.get();
      Transition t =
          p.state == State.CLOSED
              ? p.last
              : new Transition(p.state, State.CLOSED, ticker.nanoTime(), "reset");
      if (phase.compareAndSet(p, closed(t))) {
        if (p.state != State.CLOSED) {
          gate.closed();
          transitioned(t);
        }
        return;
      }
    }
  }

  /** The state; OPEN remains until a {@link #tryAcquire()} after the open period. */
  public State state() {
    return phase.get().state;
  }

  /**
   * Whether {@link #tryAcquire()} would refuse now — OPEN within its period, or HALF_OPEN with
   * every probe out — without taking a permit: the balancer's eligibility test.
   */
  public boolean isOpen() {
    Phase p = phase.get();
    return switch (p.state) {
      case CLOSED -> false;
      case OPEN -> ticker.nanoTime() - p.openUntil < 0;
      case HALF_OPEN -> p.permits == 0;
    };
  }

  /** The last change of state, or {@code null} if there was none. */
  public Transition lastTransition() {
    return phase.get().last;
  }

  /** Opens since the breaker was last CLOSED (0 when CLOSED). */
  public int trips() {
    return phase.get().trips;
  }

  /** The window's counts: live while CLOSED, the ones that tripped it while OPEN or HALF_OPEN. */
  public Counts window() {
    SlidingWindow w = phase.get().window;
    return w == null ? new Counts(0, 0, 0) : w.counts();
  }

  /** Every outcome reported, in any state. */
  public Counts totals() {
    return new Counts(calls.sum(), failures.sum(), slowCalls.sum());
  }

  /** Calls refused by {@link #tryAcquire()}. */
  public long rejected() {
    return rejected.sum();
  }

  public long transitions() {
    return transitions.sum();
  }

  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void onOutcome(boolean failure, long durationNanos) {
    boolean slow = slowNanos >= 0 && durationNanos > slowNanos;
    calls.increment();
    if (failure) {
      failures.increment();
    }
    if (slow) {
      slowCalls.increment();
    }
    Phase p = phase.get();
    if (p.state == State.CLOSED) {
      SlidingWindow.Trip trip = p.window.record(failure, slow);
      if (trip != null) {
        trip(p, trip);
      }
    } else if (p.state == State.HALF_OPEN) {
      probed(failure, slow);
    }
  }

  private void trip(Phase p, SlidingWindow.Trip trip) {
    if (phase.get() != p || !gate.tryOpen()) {
      return; // already left this CLOSED phase, or the ejection cap refuses
    }
    long now = ticker.nanoTime();
    Transition t =
        new Transition(State.CLOSED, State.OPEN, now, p.window.describe(trip) + openFor(1));
    if (phase.compareAndSet(p, open(p.window, now, 1, t))) {
      transitioned(t);
    } else {
      gate.closed(); // another thread changed the phase first: give the ejection back
    }
  }

  private void probed(boolean failure, boolean slow) {
    for (; ; ) {
      Phase p = phase.get();
      if (p.state != State.HALF_OPEN || p.inFlight == 0) {
        return; // not a probe: a call permitted before the trip
      }
      int successes = p.successes + (failure ? 0 : 1);
      int slowProbes = p.slowProbes + (slow ? 1 : 0);
      int probes = policy.halfOpenRequests();
      Phase next;
      Transition t = null;
      if (!failure && successes < probes) {
        next = p.probes(p.permits, p.inFlight - 1, successes, slowProbes);
      } else {
        long now = ticker.nanoTime();
        if (failure
            || slowNanos >= 0
                && slowProbes * 100L >= (long) policy.slowCallRateThreshold() * probes) {
          String why = failure ? "probe failed" : slowProbes + " of " + probes + " probes slow";
          t = new Transition(State.HALF_OPEN, State.OPEN, now, why + openFor(p.trips + 1));
          next = open(p.window, now, p.trips + 1, t);
        } else {
          t = new Transition(State.HALF_OPEN, State.CLOSED, now, probes + " probes succeeded");
          next = closed(t);
        }
      }
      if (phase.compareAndSet(p, next)) {
        if (next.state == State.CLOSED) {
          gate.closed();
        }
        if (t != null) {
          transitioned(t);
        }
        return;
      }
    }
  }

  private Phase closed(Transition last) {
    return new Phase(State.CLOSED, SlidingWindow.create(policy, ticker), 0, 0, 0, 0, 0, 0, last);
  }

  private Phase open(SlidingWindow window, long now, int trips, Transition last) {
    return new Phase(State.OPEN, window, now + openNanos(trips), trips, 0, 0, 0, 0, last);
  }

  /** {@code openDuration × 2^(trips−1)}, capped at {@code maxOpenDuration}, without overflow. */
  long openNanos(int trips) {
    int shift = trips - 1;
    if (shift >= Long.SIZE - 1 || openNanos > (maxOpenNanos >> shift)) {
      return maxOpenNanos;
    }
    return Math.min(openNanos << shift, maxOpenNanos);
  }

  private String openFor(int trips) {
    return "; open for " + Durations.format(Duration.ofNanos(openNanos(trips)));
  }

  private void transitioned(Transition t) {
    transitions.increment();
    for (Listener l : listeners) {
      try {
        l.onTransition(this, t);
      } catch (RuntimeException e) {
        log.warn("circuit breaker listener failed", e);
      }
    }
  }
}
