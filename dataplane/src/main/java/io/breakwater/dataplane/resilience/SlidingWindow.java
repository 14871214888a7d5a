package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Durations;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcomes a CLOSED {@link CircuitBreaker} judges: a sliding window of calls, failures and slow
 * calls, plus the current run of failures. Each CLOSED period gets a fresh window, so closing never
 * has to reset one that other threads are writing to. Recording and judging take no lock and
 * allocate nothing.
 */
abstract class SlidingWindow {

  /** Why the breaker should open. */
  enum Trip {
    FAILURE_RATE,
    SLOW_CALL_RATE,
    CONSECUTIVE_FAILURES
  }

  private final Breaker policy;
  private final boolean slowCalls;
  private final int minimumCalls;
  private final AtomicInteger failureRun = new AtomicInteger();

  private SlidingWindow(Breaker policy, int minimumCalls) {
    this.policy = policy;
    this.slowCalls = policy.slowCallDuration() != null;
    this.minimumCalls = minimumCalls;
  }

  static SlidingWindow create(Breaker policy, Ticker ticker) {
    return policy.windowType() == Breaker.WindowType.COUNT
        ? new CountWindow(policy)
        : new TimeWindow(policy, ticker);
  }

  /** Records one outcome; returns why the breaker should open now, or {@code null}. */
  final Trip record(boolean failure, boolean slow) {
    int run = 0;
    if (failure) {
      run = failureRun.incrementAndGet();
    } else if (failureRun.get() != 0) {
      failureRun.set(0);
    }
    return add(failure, slow, run);
  }

  abstract Trip add(boolean failure, boolean slow, int run);

  /** The calls, failures and slow calls in the window now. */
  abstract CircuitBreaker.Counts counts();

  /** resilience4j's rule: rates count once the window holds the minimum number of calls. */
  final Trip judge(long calls, long failures, long slow, int run) {
    int limit = policy.consecutiveFailures();
    if (limit > 0 && run >= limit) {
      return Trip.CONSECUTIVE_FAILURES;
    }
    if (calls < minimumCalls) {
      return null;
    }
    if (failures * 100 >= (long) policy.failureRateThreshold() * calls) {
      return Trip.FAILURE_RATE;
    }
    if (slowCalls && slow * 100 >= (long) policy.slowCallRateThreshold() * calls) {
      return Trip.SLOW_CALL_RATE;
    }
    return null;
  }

  /** Why the window judged {@code trip}, for the transition's reason. */
  final String describe(Trip trip) {
    CircuitBreaker.Counts c = counts();
    String of = "% of " + c.calls() + " calls";
    return switch (trip) {
      case CONSECUTIVE_FAILURES -> policy.consecutiveFailures() + " consecutive failures";
      case FAILURE_RATE ->
          "failure rate "
              + percent(c.failures(), c.calls())
              + "% >= "
              + policy.failureRateThreshold()
              + of;
      case SLOW_CALL_RATE ->
          "slow call rate "
              + percent(c.slowCalls(), c.calls())
              + "% >= "
              + policy.slowCallRateThreshold()
              + of
              + " (slower than "
              + Durations.format(policy.slowCallDuration())
              + ")";
    };
  }

  private static long percent(long part, long whole) {
    return whole == 0 ? 0 : part * 100 / whole;
  }

  /**
   * The last {@code windowSize} calls: a ring of outcome codes, and the three totals packed in one
   * long kept up to date by deltas, so a reader sees them consistent. A call costs a sequence
   * increment and a slot swap; the totals change only when the new outcome differs from the one it
   * evicts. As in resilience4j, the minimum number of calls is capped at the window size.
   */
  static final class CountWindow extends SlidingWindow {

    /** The totals are 21-bit fields biased by 2^20, which bounds the window size. */
    static final int MAX_SIZE = 1_000_000;

    private static final int CALL = 1;
    private static final int FAIL = 2;
    private static final int SLOW = 4;
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    /**
     * Two writers may apply their deltas out of order (one evicts a slot another filled but has not
     * yet counted), so a total can dip below zero for an instant; the bias keeps every field
     * non-negative inside its 21 bits, so the packed sum never borrows across fields.
     */
    private static final long BIAS = 1L << (BITS - 1);

    private final AtomicIntegerArray slots;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong totals = new AtomicLong(packed(0, 0, 0));

    CountWindow(Breaker policy) {
      super(policy, Math.min(policy.minimumRequests(), policy.windowSize()));
      this.slots = new AtomicIntegerArray(policy.windowSize());
    }

    @Override
    Trip add(boolean failure, boolean slow, int run) {
      int code = CALL | (failure ? FAIL : 0) | (slow ? SLOW : 0);
      int slot = (int) (next.getAndIncrement() % slots.length());
      int evicted = slots.getAndSet(slot, code);
      long delta =
          ((long) (bit(code, CALL) - bit(evicted, CALL)) << (2 * BITS))
              + ((long) (bit(code, FAIL) - bit(evicted, FAIL)) << BITS)
              + (bit(code, SLOW) - bit(evicted, SLOW));
      long t = delta == 0 ? totals.get() : totals.addAndGet(delta);
      return judge(field(t, 2), field(t, 1), field(t, 0), run);
    }

    @Override
    CircuitBreaker.Counts counts() {
      long t = totals.get();
      return new CircuitBreaker.Counts(field(t, 2), field(t, 1), field(t, 0));
    }

    private static int bit(int code, int flag) {
      return (code & flag) != 0 ? 1 : 0;
    }

    private static long packed(long calls, long failures, long slow) {
      return ((calls + BIAS) << (2 * BITS)) | ((failures + BIAS) << BITS) | (slow + BIAS);
    }

    private static long field(long totals, int index) {
      return Math.max(0, ((totals >>> (index * BITS)) & MASK) - BIAS);
    }
  }

  /**
   * The last {@code window} of time, in {@link TimeBuckets}. A call increments its bucket's call
   * count before its failure and slow counts, and a reader sums failures and slow calls before
   * calls, so it never sees more failures than calls.
   */
  static final class TimeWindow extends SlidingWindow {

    private static final int CALLS = 0;
    private static final int FAILURES = 1;
    private static final int SLOW = 2;

    private final TimeBuckets buckets;

    TimeWindow(Breaker policy, Ticker ticker) {
      super(policy, policy.minimumRequests());
      this.buckets = new TimeBuckets(policy.window(), 3, ticker);
    }

    @Override
    Trip add(boolean failure, boolean slow, int run) {
      long epoch = buckets.epoch();
      AtomicLongArray c = buckets.current(epoch).counts;
      c.getAndIncrement(CALLS);
      if (failure) {
        c.getAndIncrement(FAILURES);
      }
      if (slow) {
        c.getAndIncrement(SLOW);
      }
      long slowCalls = 0;
      long failures = 0;
      long calls = 0;
      for (int i = 0; i < TimeBuckets.BUCKETS; i++) {
        TimeBuckets.Bucket b = buckets.live(i, epoch);
        if (b != null) {
          slowCalls += b.counts.get(SLOW);
          failures += b.counts.get(FAILURES);
          calls += b.counts.get(CALLS);
        }
      }
      return judge(calls, failures, slowCalls, run);
    }

    @Override
    CircuitBreaker.Counts counts() {
      long epoch = buckets.epoch();
      long slow = buckets.sum(SLOW, epoch);
      long failures = buckets.sum(FAILURES, epoch);
      return new CircuitBreaker.Counts(buckets.sum(CALLS, epoch), failures, slow);
    }
  }
}
