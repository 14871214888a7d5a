package io.breakwater.dataplane.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Events per second (HAProxy's {@code rate}, {@code req_rate}): the count of the last complete
 * second, and the highest such count seen ({@code rate_max}). Lock-free: one atomic add per event
 * and, once a second, a compare-and-set that rolls the second over.
 */
public final class RateCounter {
  private final LongSupplier nanoClock;
  private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong current = new AtomicLong();
  private volatile long last;
  private final AtomicLong max = new AtomicLong();

  public RateCounter() {
    this(System::nanoTime);
  }

  public RateCounter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public void increment() {
    roll(nanoClock.getAsLong() / 1_000_000_000L);
    current.incrementAndGet();
  }

  private void roll(long now) {
    long s = second.get();
    if (s == now) {
      return;
    }
    if (second.compareAndSet(s, now)) {
      long done = current.getAndSet(0);
      long value = s == now - 1 ? done : 0; // a gap of idle seconds means the last one saw none
      last = value;
      long m;
      while (done > (m = max.get()) && !max.compareAndSet(m, done)) {
        // retry
      }
    }
  }

  /** Events in the last complete second. */
  public long rate() {
    roll(nanoClock.getAsLong() / 1_000_000_000L);
    return last;
  }

  /** The highest rate seen. */
  public long max() {
    return max.get();
  }

  public void clear() {
    max.set(0);
  }
}
