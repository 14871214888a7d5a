package io.breakwater.dataplane.resilience;

import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counters over a sliding time window, lock-free: {@value #BUCKETS} buckets of {@code window /
 * }{@value #BUCKETS} each, so a count stays in the window for between nine and ten tenths of it.
 * Each bucket is an immutable epoch (the bucket period it counts) with atomic counters. A slot
 * holding an expired bucket is replaced by compare-and-set with a fresh one, one allocation per
 * bucket period; a writer delayed past a whole window only adds to the discarded bucket.
 */
final class TimeBuckets {

  static final int BUCKETS = 10;

  static final class Bucket {
    final long epoch;
    final AtomicLongArray counts;

    Bucket(long epoch, int fields) {
      this.epoch = epoch;
      this.counts = new AtomicLongArray(fields);
    }
  }

  private final Ticker ticker;
  private final long origin;
  private final long width;
  private final int fields;
  private final AtomicReferenceArray<Bucket> ring = new AtomicReferenceArray<>(BUCKETS);

  /**
   * @param window the whole window, at least one nanosecond
   * @param fields counters per bucket
   */
  TimeBuckets(Duration window, int fields, Ticker ticker) {
    this.ticker = ticker;
    this.origin = ticker.nanoTime();
    this.width = Math.max(1, Args.nanos(window) / BUCKETS);
    this.fields = fields;
  }

  /** The bucket period the ticker is in now. */
  long epoch() {
    return Math.floorDiv(ticker.nanoTime() - origin, width);
  }

  /** The bucket counting {@code epoch}, replacing an expired one. */
  Bucket current(long epoch) {
    int i = (int) Math.floorMod(epoch, BUCKETS);
    for (; ; ) {
      Bucket b = ring.get(i);
      // A newer bucket means another thread read the ticker later: count there, it is the present.
      if (b != null && b.epoch >= epoch) {
        return b;
      }
      Bucket fresh = new Bucket(epoch, fields);
      if (ring.compareAndSet(i, b, fresh)) {
        return fresh;
      }
    }
  }

  /** The bucket in slot {@code i} if it is inside the window ending in {@code epoch}, else null. */
  Bucket live(int i, long epoch) {
    Bucket b = ring.get(i);
    return b != null && b.epoch > epoch - BUCKETS ? b : null;
  }

  /** The sum of one counter over the window ending in {@code epoch}. */
  long sum(int field, long epoch) {
    long sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      Bucket b = live(i, epoch);
      if (b != null) {
        sum += b.counts.get(field);
      }
    }
    return sum;
  }
}
