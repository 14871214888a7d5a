package io.breakwater.dataplane.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A backend's request phases: time queued, time to connect, time to the response head, total time.
 * Averages and maxima for {@code show stat} ({@code qtime}, {@code ctime}, {@code rtime}, {@code
 * ttime} and their {@code _max}; averages here are since start or the last {@code clear counters},
 * not HAProxy's last 1024 requests). Histograms for metrics are kept beside these.
 */
public final class Timings {
  private final Phase queue = new Phase();
  private final Phase connect = new Phase();
  private final Phase response = new Phase();
  private final Phase total = new Phase();

  /** One phase's sum, count and max, in nanoseconds. */
  public static final class Phase {
    private final LongAdder sum = new LongAdder();
    private final LongAdder count = new LongAdder();
    private final MaxGauge maxMillis = new MaxGauge();

    void record(long nanos) {
      if (nanos < 0) {
        return;
      }
      sum.add(nanos);
      count.increment();
      maxMillis.observe((int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
    }

    /** Average in milliseconds, 0 without samples. */
    public long averageMillis() {
      long n = count.sum();
      return n == 0 ? 0 : sum.sum() / n / 1_000_000;
    }

    public long maxMillis() {
      return maxMillis.get();
    }

    public long count() {
      return count.sum();
    }

    void clear() {
      sum.reset();
      count.reset();
      maxMillis.clear();
    }
  }

  /** Records a finished request's phases; -1 for a phase that did not happen. */
  public void record(long queueNanos, long connectNanos, long responseNanos, long totalNanos) {
    queue.record(queueNanos);
    connect.record(connectNanos);
    response.record(responseNanos);
    total.record(totalNanos);
  }

  public Phase queue() {
    return queue;
  }

  public Phase connect() {
    return connect;
  }

  public Phase response() {
    return response;
  }

  public Phase total() {
    return total;
  }

  public void clear() {
    queue.clear();
    connect.clear();
    response.clear();
    total.clear();
  }
}
