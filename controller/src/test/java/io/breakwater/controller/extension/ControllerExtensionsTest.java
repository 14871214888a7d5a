package io.breakwater.controller.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.metrics.ControllerMetrics;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.sync.SyncListener;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.Translation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fan-out the sync loop calls, and the flags' validation, without an API server. */
class ControllerExtensionsTest {

  private static final Translation EMPTY =
      new Translation(
          List.of(), null, List.of(), List.of(), List.of(), Map.of(), Set.of(), Set.of());

  @Test
  void theFanOutCallsEveryListenerEvenWhenOneThrows() {
    List<String> calls = new ArrayList<>();
    SyncListener fanOut =
        ControllerExtensions.fanOut(
            List.of(
                (s, t, o, d, a, e) -> calls.add("first " + o),
                (s, t, o, d, a, e) -> {
                  throw new IllegalStateException("broken listener");
                },
                (s, t, o, d, a, e) -> calls.add("third " + o)));

    fanOut.onSync(ClusterSnapshot.EMPTY, EMPTY, Outcome.FULL, Duration.ZERO, -1, null);

    assertThat(calls).containsExactly("first FULL", "third FULL");
  }

  @Test
  void withoutAnApiServerOnlyMetricsRunAndThisReplicaLeads() {
    try (ControllerExtensions ext =
        ControllerExtensions.create(
            null,
            ExtensionOptions.NONE.withLeaderElect(true, null, null).withPublishAddress("10.0.0.1"),
            Map.of(),
            Clock.systemUTC())) {
      assertThat(ext.listeners()).singleElement().isInstanceOf(ControllerMetrics.class);
      assertThat(ext.leaderElection().isLeader()).isTrue();
      assertThat(ext.metricsAddress()).isEmpty();

      ext.listener().onSync(ClusterSnapshot.EMPTY, EMPTY, Outcome.FULL, Duration.ZERO, -1, null);

      assertThat(ext.metrics().ready()).isTrue();
    }
  }

  @Test
  void publishServiceAndPublishAddressExcludeEachOther() {
    ExtensionOptions both =
        ExtensionOptions.NONE
            .withPublishService("ingress/breakwater")
            .withPublishAddress("1.2.3.4");

    assertThatThrownBy(() -> ControllerExtensions.create(null, both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--publish-service and --publish-address");
  }

  @Test
  void aBadPublishAddressNamesTheFlagAndTheValue() {
    ExtensionOptions bad = ExtensionOptions.NONE.withPublishAddress("10.0.0.1,not an address");

    assertThatThrownBy(() -> ControllerExtensions.create(null, bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--publish-address")
        .hasMessageContaining("\"not an address\"");
  }
}
