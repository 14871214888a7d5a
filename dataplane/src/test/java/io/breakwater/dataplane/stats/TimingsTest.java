package io.breakwater.dataplane.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
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
}
