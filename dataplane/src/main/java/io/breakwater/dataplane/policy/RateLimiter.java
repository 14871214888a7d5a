package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.TrafficPolicy;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A token bucket per client key, kept as the generic cell rate algorithm: each key holds one
 * number, the time its bucket would be full again ({@code tat}). A request is allowed when, after
 * adding its cost to {@code tat}, the bucket would not hold more than {@code burst} requests' worth
 * of debt.
 *
 * <p><b>Bounded memory.</b> Keys live in a fixed table of {@value #DEFAULT_SLOTS} slots (or the
 * size given), one key per slot by hash. A new key whose slot holds another key takes it over, so a
 * flood of distinct clients can never grow the table; the evicted client starts again with a full
 * bucket, which errs on the side of letting a request through, never of refusing one.
 *
 * <p><b>No locks.</b> Slots hold immutable cells swapped with compare-and-set, so event loops share
 * the table; a lost race retries with the new cell. Time is passed in by the caller (its event
 * loop's ticker), which keeps tests free of sleeping.
 */
public final class RateLimiter {
  /** Slots of a route's table: 16,384 clients at once, about 600 KB when full. */
  public static final int DEFAULT_SLOTS = 16_384;

  private record Cell(String key, long tat) {}

  private final AtomicReferenceArray<Cell> slots;
  private final int mask;
  private final long interval;
  private final long tolerance;
  private final String header;
  private final int status;

  public RateLimiter(TrafficPolicy.RateLimit config) {
    this(config, DEFAULT_SLOTS);
  }

  /**
   * @param slots table size, rounded up to a power of two
   */
  public RateLimiter(TrafficPolicy.RateLimit config, int slots) {
    int n = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(n);
    this.mask = n - 1;
    this.interval = Math.max(1, config.period().toNanos() / config.rate());
    int burst = Math.max(1, config.burst() > 0 ? config.burst() : config.rate());
    this.tolerance = interval * burst;
    this.header = config.header();
    this.status = config.status();
  }

  /** The request header whose value is the client key, or null for the client's address. */
  public String header() {
    return header;
  }

  /** The status refused requests get. */
  public int status() {
    return status;
  }

  /**
   * Takes one request from {@code key}'s bucket at time {@code now} (nanoseconds of a monotonic
   * ticker).
   *
   * @return 0 when allowed, else the nanoseconds until a request would be (at least 1)
   */
  public long acquire(String key, long now) {
    int i = spread(key.hashCode()) & mask;
    while (true) {
      Cell c = slots.get(i);
      long tat = c != null && c.key.equals(key) ? Math.max(c.tat, now) : now;
      long next = tat + interval;
      long wait = next - now - tolerance;
      if (wait > 0) {
        return wait;
      }
      Cell updated = new Cell(c != null && c.key.equals(key) ? c.key : key, next);
      if (slots.compareAndSet(i, c, updated)) {
        return 0;
      }
    }
  }

  private static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    return h ^ (h >>> 16);
  }
}
