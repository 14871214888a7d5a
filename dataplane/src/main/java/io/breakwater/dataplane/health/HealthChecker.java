package io.breakwater.dataplane.health;

import io.breakwater.dataplane.config.HealthCheck;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one server again and again on one event loop: waits, probes, reports the result to a
 * {@link CheckListener}, asks an {@link IntervalSource} how long to wait, and so on until {@link
 * #stop()}. Only one probe is ever in flight.
 *
 * <p>Checks of many servers must not fire in step (HAProxy's {@code spread-checks}): the first
 * check waits a random part of the first interval, {@code [0, interval)}, and every later wait is
 * moved by a random amount within {@code ±spread} of the interval.
 *
 * <p>Every method may be called from any thread; the work happens on the loop, in call order. A
 * server that survives a config change keeps its checker: {@link #updateCheck} and {@link
 * #updateTarget} apply from the next probe on, without disturbing the schedule.
 */
public final class HealthChecker {
  private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

  /** Jitter on later intervals unless told otherwise: ±{@value} of the interval. */
  public static final double DEFAULT_SPREAD = 0.10;

  /** The most jitter allowed: ±{@value} of the interval, as HAProxy's {@code spread-checks}. */
  public static final double MAX_SPREAD = 0.5;

  /** The shortest wait between checks, whatever the interval source says: {@value} ns (1 ms). */
  static final long MIN_INTERVAL_NANOS = 1_000_000;

  private final Prober prober;
  private final EventLoop loop;
  private final IntervalSource intervals;
  private final CheckListener listener;
  private final RandomGenerator random;
  private final double spread;
  private volatile InetSocketAddress target;
  private volatile HealthCheck check;

  /**
   * Bumped by {@link #stop()} on the caller's thread, at once: a probe or timer of an earlier run
   * that completes before the loop has processed the stop sees it and does nothing.
   */
  private final AtomicLong stops = new AtomicLong();

  // Confined to the loop.
  private boolean active;
  private long run;
  private ScheduledFuture<?> timer;
  private Future<ProbeResult> inFlight;

  /** A checker with {@link #DEFAULT_SPREAD} and a thread-local random source. */
  public HealthChecker(
      Prober prober,
      EventLoop loop,
      InetSocketAddress target,
      HealthCheck check,
      IntervalSource intervals,
      CheckListener listener) {
    this(
        prober,
        loop,
        target,
        check,
        intervals,
        listener,
        () -> ThreadLocalRandom.current().nextLong(),
        DEFAULT_SPREAD);
  }

  /**
   * @param spread jitter on every interval after the first, as a fraction: 0.1 is ±10%
   * @throws IllegalArgumentException when {@code spread} is not within 0 to {@link #MAX_SPREAD}
   */
  public HealthChecker(
      Prober prober,
      EventLoop loop,
      InetSocketAddress target,
      HealthCheck check,
      IntervalSource intervals,
      CheckListener listener,
      RandomGenerator random,
      double spread) {
    this.prober = Objects.requireNonNull(prober, "prober");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.target = Objects.requireNonNull(target, "target");
    this.check = Objects.requireNonNull(check, "check");
    this.intervals = Objects.requireNonNull(intervals, "intervals");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.random = Objects.requireNonNull(random, "random");
    if (!(spread >= 0 && spread <= MAX_SPREAD)) {
      throw new IllegalArgumentException(
          "spread: " + spread + " (expected: >= 0 and <= " + MAX_SPREAD + ")");
    }
    this.spread = spread;
  }

  /**
   * Starts checking: the first probe after a random part of the first interval. No-op if running.
   */
  public void start() {
    onLoop(this::doStart);
  }

  /**
   * Stops checking: cancels the pending timer and any probe in flight, whose result is then not
   * reported. Once {@code stop()} has returned, no result of this run reaches the listener unless
   * its delivery had already begun. The checker may be started again.
   */
  public void stop() {
    stops.incrementAndGet();
    onLoop(this::doStop);
  }

  /**
   * Checks now instead of at the next timer, then continues on the usual schedule (for passive
   * observation asking for {@code fastinter}). Does nothing when stopped or while a probe is in
   * flight: that probe is the check asked for.
   */
  public void checkNow() {
    onLoop(this::doCheckNow);
  }

  /** The check to perform from the next probe on; a probe in flight finishes with the old one. */
  public void updateCheck(HealthCheck check) {
    this.check = Objects.requireNonNull(check, "check");
  }

  /** The address to check from the next probe on (a server whose address changed). */
  public void updateTarget(InetSocketAddress target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  public HealthCheck check() {
    return check;
  }

  public InetSocketAddress target() {
    return target;
  }

  public EventLoop loop() {
    return loop;
  }

  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  private boolean current(long run) {
    return active && run == this.run && run == stops.get();
  }

  private void doStart() {
    if (active) {
      return;
    }
    active = true;
    run = stops.get();
    long first = intervalNanos();
    schedule((long) (random.nextDouble() * first));
  }

  private void doStop() {
    active = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (inFlight != null) {
      inFlight.cancel(false);
      inFlight = null;
    }
  }

  private void doCheckNow() {
    if (!current(run) || inFlight != null) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    probe();
  }

  private void schedule(long delayNanos) {
    long r = run;
    try {
      timer = loop.schedule(() -> onTimer(r), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      active = false; // the loop is shutting down, and the checks with it
    }
  }

  private void onTimer(long r) {
    if (!current(r)) {
      return;
    }
    timer = null;
    probe();
  }

  private void probe() {
    Future<ProbeResult> f;
    try {
      f = prober.probe(loop, target, check);
    } catch (RuntimeException e) {
      log.warn("health check of {} could not start", target, e);
      f = loop.newSucceededFuture(failure(e));
    }
    inFlight = f;
    long r = run;
    Future<ProbeResult> probe = f;
    f.addListener(done -> onLoop(() -> completed(probe, r)));
  }

  private void completed(Future<ProbeResult> f, long r) {
    if (f != inFlight || !current(r)) {
      return; // stopped, or stopped and started again, since this probe began
    }
    inFlight = null;
    ProbeResult result = f.isSuccess() ? f.getNow() : failure(f.cause());
    try {
      listener.onResult(result);
    } catch (RuntimeException e) {
      log.warn("health check listener failed on {} for {}", result, target, e);
    }
    // The listener may have stopped the checker or asked for a check at once.
    if (current(r) && timer == null && inFlight == null) {
      schedule(jittered(intervalNanos()));
    }
  }

  private long intervalNanos() {
    Duration d = intervals.nextInterval();
    long nanos = d == null ? 0 : saturatedNanos(d);
    return Math.max(MIN_INTERVAL_NANOS, nanos);
  }

  private long jittered(long base) {
    if (spread == 0) {
      return base;
    }
    double offset = base * spread * (2 * random.nextDouble() - 1);
    // In double, so a huge base saturates at Long.MAX_VALUE instead of overflowing.
    return Math.max(MIN_INTERVAL_NANOS, (long) (base + offset));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  private static ProbeResult failure(Throwable cause) {
    return new ProbeResult(
        false, ProbeResult.SOCKERR, "check failed: " + HttpCheckHandler.reason(cause), 0);
  }
}
