package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Faults;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Envoy-style fault injection: each request is delayed with probability {@code delay.percent} and,
 * independently, aborted with probability {@code abort.percent} (after the delay, if both). A
 * percent {@code p} applies when a uniform draw {@code U} in [0, 1) is below {@code p / 100}: 0
 * never, 100 always, fractions exact to the draw's resolution. The four possible decisions are
 * built once, so deciding allocates nothing.
 */
public final class FaultInjector {

  /**
   * @param delay how long to hold the request first; {@link Duration#ZERO} for none
   * @param abortStatus the status to answer instead of proxying; 0 for none
   */
  public record Decision(Duration delay, int abortStatus) {
    public static final Decision NONE = new Decision(Duration.ZERO, 0);

    public Decision {
      Objects.requireNonNull(delay, "delay");
    }

    public boolean delayed() {
      return !delay.isZero();
    }

    public boolean aborted() {
      return abortStatus != 0;
    }
  }

  private final Supplier<? extends RandomGenerator> random;
  private final double delayChance;
  private final double abortChance;
  private final Decision delayOnly;
  private final Decision abortOnly;
  private final Decision both;
  private final LongAdder delays = new LongAdder();
  private final LongAdder aborts = new LongAdder();

  /**
   * @param faults {@code null} injects nothing
   * @param random the draws; e.g. {@code ThreadLocalRandom::current} (called per decision, so a
   *     per-thread generator is safe)
   */
  public FaultInjector(Faults faults, Supplier<? extends RandomGenerator> random) {
    this.random = Objects.requireNonNull(random, "random");
    Faults.Delay delay = faults == null ? null : faults.delay();
    Faults.Abort abort = faults == null ? null : faults.abort();
    Duration delayFor = Duration.ZERO;
    int status = 0;
    if (delay != null) {
      this.delayChance = chance("delay.percent", delay.percent());
      delayFor = delay.duration();
      if (delayFor == null || delayFor.isNegative()) {
        throw new IllegalArgumentException("delay.duration: " + delayFor + " (expected: >= 0)");
      }
    } else {
      this.delayChance = 0;
    }
    if (abort != null) {
      this.abortChance = chance("abort.percent", abort.percent());
      status = abort.status();
      Args.range("abort.status", status, 200, 599);
    } else {
      this.abortChance = 0;
    }
    this.delayOnly = new Decision(delayFor, 0);
    this.abortOnly = new Decision(Duration.ZERO, status);
    this.both = new Decision(delayFor, status);
  }

  private static double chance(String field, double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException(field + ": " + percent + " (expected: 0..100)");
    }
    return percent / 100;
  }

  /** Draws this request's faults: one draw for the delay, one for the abort, each if configured. */
  public Decision decide() {
    if (delayChance == 0 && abortChance == 0) {
      return Decision.NONE;
    }
    RandomGenerator r = random.get();
    boolean delay = delayChance > 0 && r.nextDouble() < delayChance;
    boolean abort = abortChance > 0 && r.nextDouble() < abortChance;
    if (delay) {
      delays.increment();
    }
    if (abort) {
      aborts.increment();
    }
    return delay ? (abort ? both : delayOnly) : (abort ? abortOnly : Decision.NONE);
  }

  /** Requests delayed, ever. */
  public long delays() {
    return delays.sum();
  }

  /** Requests aborted, ever. */
  public long aborts() {
    return aborts.sum();
  }
}
