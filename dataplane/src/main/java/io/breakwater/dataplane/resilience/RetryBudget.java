package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Retries;
import io.netty.util.concurrent.Ticker;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Linkerd's retry budget: over the last {@code window}, retries may add at most {@code ratio} of
 * the first attempts plus {@code minPerSecond} per second of the window. A retry is allowed when,
 * counting it, the retries in the window stay within {@code ratio × requests + minPerSecond ×
 * windowSeconds}; so however hard a backend fails, retries add at most that much load.
 *
 * <p>Requests and retries are counted in {@link TimeBuckets}. A retry is taken by compare-and-set
 * on the current bucket's count after reading the window, so callers racing for the last retry of
 * the budget cannot both get it.
 */
public final class RetryBudget {

  private static final int REQUESTS = 0;
  private static final int RETRIES = 1;

  private final double ratio;
  private final double floor;
  private final TimeBuckets buckets;
  private final LongAdder allowed = new LongAdder();
  private final LongAdder denied = new LongAdder();

  public RetryBudget(Retries.Budget budget, Ticker ticker) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(ticker, "ticker");
    if (!(budget.ratio() >= 0 && budget.ratio() <= 1)) {
      throw new IllegalArgumentException("ratio: " + budget.ratio() + " (expected: 0..1)");
    }
    Args.range("minPerSecond", budget.minPerSecond(), 0, Long.MAX_VALUE);
    long window = Args.positive("window", budget.window());
    this.ratio = budget.ratio();
    this.floor = budget.minPerSecond() * (window / 1e9);
    this.buckets = new TimeBuckets(budget.window(), 2, ticker);
  }

  /** A request's first attempt. */
  public void onRequest() {
    buckets.current(buckets.epoch()).counts.getAndIncrement(REQUESTS);
  }

  /** Takes one retry from the budget; false when it is spent (counted as denied). */
  public boolean tryAcquireRetry() {
    for (; ; ) {
      long epoch = buckets.epoch();
      AtomicLongArray current = buckets.current(epoch).counts;
      long here = current.get(RETRIES);
      long retries = buckets.sum(RETRIES, epoch);
      long requests = buckets.sum(REQUESTS, epoch);
      if (retries + 1 > ratio * requests + floor) {
        denied.increment();
        return false;
      }
      if (current.compareAndSet(RETRIES, here, here + 1)) {
        allowed.increment();
        return true;
      }
    }
  }

  /** First attempts in the window now. */
  public long requestsInWindow() {
    return buckets.sum(REQUESTS, buckets.epoch());
  }

  /** Retries in the window now. */
  public long retriesInWindow() {
    return buckets.sum(RETRIES, buckets.epoch());
  }

  /** Retries taken, ever. */
  public long allowed() {
    return allowed.sum();
  }

  /** Retries refused, ever. */
  public long denied() {
    return denied.sum();
  }
}
