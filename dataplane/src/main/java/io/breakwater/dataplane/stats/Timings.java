package io.breakwater.dataplane.stats;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend's request phases: time queued, time to connect, time to the response head, total time.
 * Averages and maxima for {@code show stat} ({@code qtime}, {@code ctime}, {@code rtime}, {@code
 * ttime} and their {@code _max}; averages here are since start or the last {@code clear counters},
 * not HAProxy's last 1024 requests).
 *
 * <p>Beside them, the connect, response and total phases keep histogram buckets, the only figures
 * metrics cannot read from a snapshot at scrape time. They are plain counters, one {@link
 * LongAdder} per bucket found by comparing nanoseconds with precomputed bounds, because the
 * Prometheus client's {@code Histogram} costs several atomic updates, a {@code DoubleAdder} and a
 * division per observation on the event loop; {@link Phase#histogram()} turns them into the
 * client's data point at scrape time. They are registered nowhere: the metrics collector reads the
 * histograms of the backends running at scrape time, so a removed backend's series go with it and
 * two dataplanes in one JVM never mix. {@link #clear()} leaves them alone, because a Prometheus
 * histogram only grows.
 */
public final class Timings {
  /**
   * Upper bounds of the histogram buckets, in seconds: 0.5 ms (a loopback connect) to 30 s (a slow
   * upstream), about ×2.5 apart; slower requests fall in {@code +Inf}.
   */
  public static final double[] BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  /** {@link #BUCKETS} in whole nanoseconds, for the search on the hot path. */
  private static final long[] BOUNDS_NANOS =
      Arrays.stream(BUCKETS).mapToLong(s -> Math.round(s * 1e9)).toArray();

  /** {@link #BUCKETS} and {@code +Inf}, as the Prometheus model wants them. */
  private static final double[] UPPER_BOUNDS = Arrays.copyOf(BUCKETS, BUCKETS.length + 1);

  static {
    UPPER_BOUNDS[BUCKETS.length] = Double.POSITIVE_INFINITY;
  }

  private final Phase queue;
  private final Phase connect;
  private final Phase response;
  private final Phase total;

  /**
   * @param backend the backend's name, the {@code backend} label of its histogram series
   */
  public Timings(String backend) {
    queue = new Phase(null);
    connect = new Phase(backend);
    response = new Phase(backend);
    total = new Phase(backend);
  }

  /**
   * The index of the bucket a value falls in: the first bound it does not exceed ({@code le}), or
   * the {@code +Inf} bucket after the last bound.
   */
  static int bucket(long nanos) {
    int i = Arrays.binarySearch(BOUNDS_NANOS, nanos);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * One phase's sum, count and max, and its histogram buckets. The sum and count only grow, so the
   * histogram can share them; {@link #clear()} moves the baseline the averages start from instead
   * of resetting them. The sum is in microseconds: in nanoseconds a {@code long} holds 292 years,
   * which a busy backend's total time (10,000 requests a second of 100 ms, or a thousand day-long
   * WebSockets) sums to in about 100 days.
   */
  public static final class Phase {
    private final LongAdder sumMicros = new LongAdder();
    private final LongAdder count = new LongAdder();
    private final MaxGauge maxMillis = new MaxGauge();
    private volatile Baseline cleared = Baseline.ZERO;
    private final Labels labels;
    private final long createdMillis;

    /** Counts per bucket, not cumulative; null for the queue phase, which has no histogram. */
    private final LongAdder[] buckets;

    private Phase(String backend) {
      if (backend == null) {
        labels = null;
        createdMillis = 0;
        buckets = null;
        return;
      }
      labels = Labels.of("backend", backend);
      createdMillis = System.currentTimeMillis();
      buckets = new LongAdder[UPPER_BOUNDS.length];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos) {
      if (nanos < 0) {
        return;
      }
      sumMicros.add(nanos / 1_000);
      count.increment();
      maxMillis.observe((int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
      if (buckets != null) {
        buckets[bucket(nanos)].increment();
      }
    }

    /** Average in milliseconds since the last clear, 0 without samples. */
    public long averageMillis() {
      Baseline b = cleared;
      long n = count.sum() - b.count();
      return n <= 0 ? 0 : (sumMicros.sum() - b.sumMicros()) / n / 1_000;
    }

    public long maxMillis() {
      return maxMillis.get();
    }

    /** Samples since the last clear. */
    public long count() {
      return count.sum() - cleared.count();
    }

    /**
     * The phase's histogram since the backend was created (never cleared), labelled {@code
     * backend}, with counts per bucket (the exposition accumulates them) and the sum in seconds;
     * null for the queue phase, which has none. Built anew at each call: scrape time only.
     */
    public HistogramDataPointSnapshot histogram() {
      if (buckets == null) {
        return null;
      }
      long[] counts = new long[buckets.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = buckets[i].sum();
      }
      return new HistogramDataPointSnapshot(
          ClassicHistogramBuckets.of(UPPER_BOUNDS, counts),
          sumMicros.sum() / 1e6,
          labels,
          Exemplars.EMPTY,
          createdMillis);
    }

    void clear() {
      cleared = new Baseline(sumMicros.sum(), count.sum());
      maxMillis.clear();
    }
  }

  /** Sum and count at the last clear; the averages count from here. */
  private record Baseline(long sumMicros, long count) {
    static final Baseline ZERO = new Baseline(0, 0);
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

  /** Connecting to the server: 0 on a pooled connection, as HAProxy counts {@code ctime}. */
  public Phase connect() {
    return connect;
  }

  /** From sending the request to the response head. */
  public Phase response() {
    return response;
  }

  public Phase total() {
    return total;
  }

  /** Resets averages and maxima ({@code clear counters}); the histograms keep counting. */
  public void clear() {
    queue.clear();
    connect.clear();
    response.clear();
    total.clear();
  }
}
