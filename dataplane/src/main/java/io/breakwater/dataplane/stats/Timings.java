package io.breakwater.dataplane.stats;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend's request phases: time queued, time to connect, time to the response head, total time.
 * Averages and maxima for {@code show stat} ({@code qtime}, {@code ctime}, {@code rtime}, {@code
 * ttime} and their {@code _max}; averages here are since start or the last {@code clear counters},
 * not HAProxy's last 1024 requests).
 *
 * <p>Beside them, the connect, response and total phases feed Prometheus histograms, the only
 * figures metrics cannot read from a snapshot at scrape time. Each phase holds its histogram's
 * child for this backend, made once here, so {@link #record} looks nothing up and allocates
 * nothing. The histograms are registered nowhere: the metrics collector reads {@link
 * Phase#histogram()} of the backends running at scrape time, so a removed backend's series go with
 * it and two dataplanes in one JVM never mix. {@link #clear()} leaves them alone, because a
 * Prometheus histogram only grows.
 */
public final class Timings {
  /**
   * Upper bounds of the histogram buckets, in seconds: 0.5 ms (a loopback connect) to 30 s (a slow
   * upstream), about ×2.5 apart; slower requests fall in {@code +Inf}.
   */
  public static final double[] BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

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

  /** One phase's sum, count and max, in nanoseconds, and its histogram in seconds. */
  public static final class Phase {
    private final LongAdder sum = new LongAdder();
    private final LongAdder count = new LongAdder();
    private final MaxGauge maxMillis = new MaxGauge();
    private final Histogram histogram;
    private final DistributionDataPoint child;

    private Phase(String backend) {
      if (backend == null) {
        histogram = null;
        child = null;
        return;
      }
      // The name is a placeholder: the collector exposes the data point under its own metadata.
      histogram =
          Histogram.builder()
              .name("phase_seconds")
              .labelNames("backend")
              .classicOnly()
              .classicUpperBounds(BUCKETS)
              .withoutExemplars()
              .build();
      child = histogram.labelValues(backend);
    }

    void record(long nanos) {
      if (nanos < 0) {
        return;
      }
      sum.add(nanos);
      count.increment();
      maxMillis.observe((int) Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
      if (child != null) {
        child.observe(nanos / 1e9);
      }
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

    /**
     * The phase's histogram since the backend was created (never cleared), labelled {@code
     * backend}; null for the queue phase, which has none.
     */
    public HistogramDataPointSnapshot histogram() {
      return histogram == null ? null : histogram.collect().getDataPoints().get(0);
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
