package io.breakwater.dataplane.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TimingsTest {

  @Test
  void recordFeedsTheHistogramsOfThePhasesThatHappened() {
    Timings t = new Timings("app");
    t.record(-1, 2_000_000, 30_000_000, 40_000_000); // 2 ms, 30 ms, 40 ms
    t.record(-1, 0, -1, 7_000_000_000L); // pooled connection, no response head, 7 s
    HistogramDataPointSnapshot total = t.total().histogram();
    assertThat(total.getLabels().get("backend")).isEqualTo("app");
    assertThat(total.getCount()).isEqualTo(2);
    assertThat(total.getSum()).isEqualTo(7.04, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.connect().histogram().getCount()).isEqualTo(2);
    assertThat(t.response().histogram().getCount()).isEqualTo(1);
    assertThat(t.queue().histogram()).isNull();
    // 2 ms falls in the 2.5 ms bucket (counts per bucket here; the exposition accumulates them).
    assertThat(t.connect().histogram().getClassicBuckets().getCount(2)).isEqualTo(1);
    assertThat(t.total().maxMillis()).isEqualTo(7_000);
  }

  @Test
  void clearResetsAveragesButNotTheHistograms() {
    Timings t = new Timings("app");
    t.record(1_000, 1_000, 1_000, 1_000);
    t.clear();
    assertThat(t.total().count()).isZero();
    assertThat(t.total().histogram().getCount()).isEqualTo(1);
  }

  @Test
  void averagesAfterClearCountOnlyLaterRequestsWhileTheHistogramKeepsAll() {
    Timings t = new Timings("app");
    t.record(-1, -1, -1, 100_000_000);
    t.clear();
    assertThat(t.total().averageMillis()).isZero();
    assertThat(t.total().maxMillis()).isZero();
    t.record(-1, -1, -1, 20_000_000);
    t.record(-1, -1, -1, 40_000_000);
    assertThat(t.total().count()).isEqualTo(2);
    assertThat(t.total().averageMillis()).isEqualTo(30);
    assertThat(t.total().maxMillis()).isEqualTo(40);
    assertThat(t.total().histogram().getCount()).isEqualTo(3);
    assertThat(t.total().histogram().getSum()).isEqualTo(0.16, Offset.offset(1e-9));
  }

  @Test
  void theSumHoldsCenturiesOfRequestTime() {
    Timings t = new Timings("app");
    long century = 100L * 365 * 86_400 * 1_000_000_000; // nanoseconds
    for (int i = 0; i < 4; i++) {
      t.record(-1, -1, -1, century); // 400 years in all: more than a long of nanoseconds holds
    }
    assertThat(t.total().histogram().getSum()).isEqualTo(4 * (century / 1e9), Offset.offset(1.0));
    assertThat(t.total().averageMillis()).isEqualTo(century / 1_000_000);
  }

  @Test
  void aValueOnABoundFallsInThatBoundsBucket() {
    for (int i = 0; i < Timings.BUCKETS.length; i++) {
      long bound = Math.round(Timings.BUCKETS[i] * 1e9);
      assertThat(Timings.bucket(bound)).as("%d ns", bound).isEqualTo(i);
      assertThat(Timings.bucket(bound - 1)).as("%d ns", bound - 1).isEqualTo(i);
      assertThat(Timings.bucket(bound + 1)).as("%d ns", bound + 1).isEqualTo(i + 1);
    }
    assertThat(Timings.bucket(0)).isZero();
    assertThat(Timings.bucket(Long.MAX_VALUE)).isEqualTo(Timings.BUCKETS.length); // +Inf
  }

  @Test
  void histogramHasTheBoundsCountsAndSumThePrometheusHistogramWouldHave() {
    // Zero, every bound and a nanosecond either side of it, and values beyond the last bound.
    LongStream.Builder values = LongStream.builder().add(0).add(31_000_000_000L).add(1L << 50);
    for (double b : Timings.BUCKETS) {
      long bound = Math.round(b * 1e9);
      values.add(bound - 1).add(bound).add(bound).add(bound + 1);
    }
    Histogram reference =
        Histogram.builder()
            .name("phase_seconds")
            .labelNames("backend")
            .classicOnly()
            .classicUpperBounds(Timings.BUCKETS)
            .withoutExemplars()
            .build();
    DistributionDataPoint child = reference.labelValues("app");
    Timings t = new Timings("app");
    values
        .build()
        .forEach(
            n -> {
              t.record(-1, -1, -1, n);
              child.observe(n / 1e9);
            });

    HistogramDataPointSnapshot expected = reference.collect().getDataPoints().get(0);
    HistogramDataPointSnapshot actual = t.total().histogram();
    assertThat((Object) actual.getLabels()).isEqualTo(expected.getLabels());
    assertThat(actual.getCount()).isEqualTo(expected.getCount()).isEqualTo(3 + 4 * 15);
    assertThat(actual.getSum()).isEqualTo(expected.getSum(), Offset.offset(1e-3));
    assertThat(pairs(actual.getClassicBuckets())).isEqualTo(pairs(expected.getClassicBuckets()));
    ClassicHistogramBuckets buckets = actual.getClassicBuckets();
    assertThat(buckets.getUpperBound(buckets.size() - 1)).isEqualTo(Double.POSITIVE_INFINITY);
    // 0 and 0.5 ms - 1 ns and 0.5 ms twice; 0.5 ms + 1 ns with 1 ms - 1 ns and 1 ms twice.
    assertThat(buckets.getCount(0)).isEqualTo(4);
    assertThat(buckets.getCount(1)).isEqualTo(4);
    // 30 s + 1 ns, 31 s and 2^50 ns.
    assertThat(buckets.getCount(15)).isEqualTo(3);
  }

  @Test
  void expositionAccumulatesTheBuckets() throws IOException {
    Timings t = new Timings("app");
    t.record(-1, -1, -1, 1_000_000); // exactly 1 ms
    t.record(-1, -1, -1, 1_000_001);
    t.record(-1, -1, -1, 60_000_000_000L); // a minute
    String text = expose(t.total().histogram());
    assertThat(text)
        .contains("phase_seconds_bucket{backend=\"app\",le=\"5.0E-4\"} 0\n")
        .contains("phase_seconds_bucket{backend=\"app\",le=\"0.001\"} 1\n")
        .contains("phase_seconds_bucket{backend=\"app\",le=\"0.0025\"} 2\n")
        .contains("phase_seconds_bucket{backend=\"app\",le=\"30.0\"} 2\n")
        .contains("phase_seconds_bucket{backend=\"app\",le=\"+Inf\"} 3\n")
        .contains("phase_seconds_count{backend=\"app\"} 3\n")
        .contains("phase_seconds_sum{backend=\"app\"} 60.002\n"); // in whole microseconds
  }

  private static List<String> pairs(ClassicHistogramBuckets buckets) {
    return buckets.stream().map(b -> b.getUpperBound() + "=" + b.getCount()).toList();
  }

  private static String expose(HistogramDataPointSnapshot point) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create()
        .write(
            out,
            MetricSnapshots.of(
                new HistogramSnapshot(new MetricMetadata("phase_seconds"), List.of(point))));
    return out.toString(StandardCharsets.UTF_8);
  }
}
