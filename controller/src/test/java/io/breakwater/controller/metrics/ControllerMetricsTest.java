package io.breakwater.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.status.MutableClock;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.Problem;
import io.breakwater.controller.translate.Severity;
import io.breakwater.controller.translate.Translation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the controller's metrics say after syncs, read from the scrape text as Prometheus would. */
class ControllerMetricsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private final ControllerMetrics metrics = new ControllerMetrics(new PrometheusRegistry(), clock);

  @Test
  void everySeriesExistsBeforeTheFirstSync() {
    String text = scrape();

    assertThat(text)
        .contains("breakwater_controller_applies_total{kind=\"full\",result=\"failed\"} 0.0")
        .contains("breakwater_controller_applies_total{kind=\"noop\",result=\"ok\"} 0.0")
        .contains("breakwater_controller_watched_objects{kind=\"Ingress\"} 0.0")
        .contains("breakwater_controller_problems{kind=\"Ingress\",severity=\"Error\"} 0.0")
        .contains("breakwater_controller_last_successful_sync_timestamp_seconds 0.0")
        .contains("breakwater_controller_leader 1.0");
    assertThat(metrics.ready()).isFalse();
  }

  @Test
  void countsSyncsByKindAndResult() {
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FULL, 5_000_000);
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.NOOP, -1);
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.NOOP, -1);
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.SERVERS, 1_000_000);
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FAILED, 1_000_000);

    assertThat(scrape())
        .contains("breakwater_controller_applies_total{kind=\"full\",result=\"ok\"} 1.0")
        .contains("breakwater_controller_applies_total{kind=\"noop\",result=\"ok\"} 2.0")
        .contains("breakwater_controller_applies_total{kind=\"servers\",result=\"ok\"} 1.0")
        // Same routes and backends as the last success: a failure of a servers-only change.
        .contains("breakwater_controller_applies_total{kind=\"servers\",result=\"failed\"} 1.0")
        .contains("breakwater_controller_sync_duration_seconds_count 5");
  }

  @Test
  void convergenceLatencyIsObservedForSuccessfulSyncsAfterAChangeOnly() {
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.SERVERS, 30_000_000); // 30 ms
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.NOOP, -1); // periodic resync
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FAILED, 10_000_000);

    assertThat(scrape())
        .contains("breakwater_controller_convergence_latency_seconds_count 1")
        .contains("breakwater_controller_convergence_latency_seconds_bucket{le=\"0.025\"} 0")
        .contains("breakwater_controller_convergence_latency_seconds_bucket{le=\"0.05\"} 1");
  }

  @Test
  void theLastSuccessfulSyncIsTimedByTheClockAndMakesTheControllerReady() {
    clock.advance(Duration.ofSeconds(30));
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FULL, -1);
    clock.advance(Duration.ofSeconds(30));
    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FAILED, -1);

    long expected = Instant.parse("2026-11-01T10:00:30Z").getEpochSecond();
    assertThat(
            Scrape.value(scrape(), "breakwater_controller_last_successful_sync_timestamp_seconds"))
        .isEqualTo((double) expected);
    assertThat(metrics.ready()).isTrue();
  }

  @Test
  void problemsAndInvalidObjectsAreCountedByKindAndSeverityAndClearedWhenFixed() {
    ObjectRef shop = new ObjectRef("Ingress", "shop", "shop");
    List<Problem> problems =
        List.of(
            new Problem(shop, "metadata.annotations[breakwater.io/retries]", "bad", Severity.ERROR),
            new Problem(shop, "metadata.annotations[breakwater.io/hsts]", "bad", Severity.ERROR),
            new Problem(
                new ObjectRef("Service", "shop", "api"), "", "unknown key", Severity.WARNING));

    sync(ClusterSnapshot.EMPTY, translation(problems), Outcome.FULL, -1);

    assertThat(scrape())
        .contains("breakwater_controller_problems{kind=\"Ingress\",severity=\"Error\"} 2.0")
        .contains("breakwater_controller_invalid_objects{kind=\"Ingress\",severity=\"Error\"} 1.0")
        .contains("breakwater_controller_problems{kind=\"Service\",severity=\"Warning\"} 1.0");

    sync(ClusterSnapshot.EMPTY, translation(List.of()), Outcome.FULL, -1);

    assertThat(scrape())
        .contains("breakwater_controller_problems{kind=\"Ingress\",severity=\"Error\"} 0.0")
        .contains("breakwater_controller_invalid_objects{kind=\"Ingress\",severity=\"Error\"} 0.0");
  }

  @Test
  void watchedObjectsAreCountedByKind() {
    List<HasMetadata> objects = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      objects.add(new IngressBuilder().withNewMetadata().withName("i" + i).endMetadata().build());
    }
    objects.add(new ServiceBuilder().withNewMetadata().withName("s").endMetadata().build());

    sync(ClusterSnapshot.of(objects), translation(List.of()), Outcome.FULL, -1);

    assertThat(scrape())
        .contains("breakwater_controller_watched_objects{kind=\"Ingress\"} 3.0")
        .contains("breakwater_controller_watched_objects{kind=\"Service\"} 1.0")
        .contains("breakwater_controller_watched_objects{kind=\"Secret\"} 0.0");
  }

  @Test
  void theLeaderGaugeFollowsLeadership() {
    metrics.leader(false);
    assertThat(scrape()).contains("breakwater_controller_leader 0.0");
    metrics.leader(true);
    assertThat(scrape()).contains("breakwater_controller_leader 1.0");
  }

  private void sync(ClusterSnapshot s, Translation t, Outcome outcome, long ageNanos) {
    metrics.onSync(
        s,
        t,
        outcome,
        Duration.ofMillis(2),
        ageNanos,
        outcome == Outcome.FAILED ? new IllegalStateException("refused") : null);
  }

  static Translation translation(List<Problem> problems) {
    return new Translation(
        List.of(), null, List.of(), List.of(), problems, Map.of(), Set.of(), Set.of());
  }

  private String scrape() {
    return Scrape.text(metrics.registry());
  }
}
