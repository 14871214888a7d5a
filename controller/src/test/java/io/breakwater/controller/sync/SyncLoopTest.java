package io.breakwater.controller.sync;

import static io.breakwater.controller.sync.Apps.app;
import static io.breakwater.controller.sync.Apps.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.ClusterSource;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's pacing and apply choices, on a fake clock, source and dataplane. */
class SyncLoopTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private long now = 1_000 * MS;
  private final FakeSource source = new FakeSource();
  private final FakeDataplane dataplane = FakeDataplane.withListener();
  private final List<Report> reports = new ArrayList<>();
  private final SyncLoop loop =
      new SyncLoop(
          source,
          dataplane,
          TranslateOptions.DEFAULT,
          (s, t, o, d, age, e) -> reports.add(new Report(t, o, age, e)),
          SyncLoop.Settings.DEFAULT
              .withPacing(Duration.ofMillis(50), Duration.ofMillis(500))
              .withSyncPeriod(Duration.ofSeconds(30))
              .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
          () -> now);

  private record Report(Translation translation, Outcome outcome, long age, Throwable error) {}

  /** A source whose snapshot tests set; it signals nothing itself (tests call changed()). */
  private static final class FakeSource implements ClusterSource {
    volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
    volatile boolean ready = true;

    @Override
    public void start(Runnable onChange) {}

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public ClusterSnapshot snapshot() {
      return snapshot;
    }

    @Override
    public void close() {}
  }

  private void advance(long millis) {
    now += millis * MS;
  }

  /** The cluster changes to {@code s} now. */
  private void change(ClusterSnapshot s) {
    source.snapshot = s;
    loop.changed();
  }

  private Report last() {
    return reports.get(reports.size() - 1);
  }

  @Test
  void aBurstOfChangesIsOneSyncOnceChangesPauseForTheDebounce() {
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(20);
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080, 8081)));
    advance(20);
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080, 8081, 8082)));

    advance(49);
    assertThat(loop.step()).isEqualTo(1 * MS);
    assertThat(reports).isEmpty();
    advance(1);
    assertThat(loop.step()).isZero();
    assertThat(reports).hasSize(1);
    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(last().age()).isEqualTo(90 * MS);
    assertThat(dataplane.servers("default/web/80"))
        .containsExactly("web-0=10.0.0.1:8080", "web-1=10.0.0.1:8081", "web-2=10.0.0.1:8082");
  }

  @Test
  void changesThatNeverPauseStillSyncAfterTheMaximumDelay() {
    for (int i = 0; i < 50; i++) {
      change(snapshot(app("web", "web.test", "10.0.0.1", 8000 + i)));
      assertThat(loop.step()).isPositive();
      advance(10);
    }
    assertThat(reports).isEmpty();
    assertThat(loop.step()).isZero(); // 500 ms after the first change
    assertThat(last().age()).isEqualTo(500 * MS);
    assertThat(dataplane.servers("default/web/80")).containsExactly("web-0=10.0.0.1:8049");
  }

  @Test
  void anEndpointOnlyChangeReplacesTheServersOfThatBackendAlone() {
    change(
        snapshot(
            app("web", "web.test", "10.0.0.1", 8080), app("api", "api.test", "10.0.0.2", 9090)));
    advance(50);
    loop.step();
    assertThat(dataplane.changes).containsExactly("config");

    change(
        snapshot(
            app("web", "web.test", "10.0.0.1", 8080, 8081),
            app("api", "api.test", "10.0.0.2", 9090)));
    advance(50);
    loop.step();

    assertThat(last().outcome()).isEqualTo(Outcome.SERVERS);
    assertThat(dataplane.changes).containsExactly("config", "servers default/web/80");
    assertThat(dataplane.servers("default/web/80"))
        .containsExactly("web-0=10.0.0.1:8080", "web-1=10.0.0.1:8081");
  }

  @Test
  void aRouteChangeReplacesTheWholeConfigWithTheVersionItRead() {
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    change(snapshot(app("web", "www.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();

    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(dataplane.changes).containsExactly("config", "config");
    assertThat(dataplane.config.frontend("http").routes().get(0).host()).isEqualTo("www.test");
    assertThat(dataplane.version).isEqualTo(3);
  }

  @Test
  void aPeriodicResyncOfAnUnchangedClusterChangesNothingAndRereadsNothing() {
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    int reads = dataplane.reads;

    assertThat(loop.step()).isEqualTo(30_000 * MS);
    advance(30_000);
    assertThat(loop.step()).isZero();

    assertThat(last().outcome()).isEqualTo(Outcome.NOOP);
    assertThat(last().age()).isEqualTo(-1);
    assertThat(dataplane.changes).containsExactly("config");
    assertThat(dataplane.reads).isEqualTo(reads);
  }

  @Test
  void aClusterWithNothingForUsStillSendsEachDataplaneProcessOneWholeConfig() {
    // The translation equals the bootstrap, but a dataplane started with --wait-for-config is
    // ready only after a whole config arrives.
    change(ClusterSnapshot.EMPTY);
    advance(50);
    loop.step();
    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(dataplane.changes).containsExactly("config");

    advance(30_000);
    loop.step();
    assertThat(last().outcome()).as("once per process").isEqualTo(Outcome.NOOP);

    dataplane.restart();
    advance(30_000);
    loop.step();
    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(dataplane.changes).containsExactly("config", "config");
  }

  @Test
  void aRestartedDataplaneGetsItsFullConfigBackAtTheNextResync() {
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    Object applied = dataplane.config;

    dataplane.restart();
    advance(30_000);
    loop.step();

    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(dataplane.config).isEqualTo(applied);
  }

  @Test
  void aFailedSyncIsRetriedWithBackoffAndAppliesTheLatestSnapshot() {
    dataplane.down = true;
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    assertThat(last().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last().error()).hasMessageContaining("down");
    assertThat(last().translation().backends()).hasSize(1);

    // Changes meanwhile do not hurry the retry ...
    change(snapshot(app("web", "web.test", "10.0.0.1", 8081)));
    assertThat(loop.step()).isEqualTo(100 * MS);
    advance(100);
    loop.step();
    assertThat(last().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(loop.step()).isEqualTo(200 * MS); // ... and the waits double

    dataplane.down = false;
    advance(200);
    loop.step();
    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(last().age()).isEqualTo(350 * MS); // from the first change not applied
    assertThat(dataplane.servers("default/web/80")).containsExactly("web-0=10.0.0.1:8081");
    assertThat(loop.step()).isEqualTo(30_000 * MS); // back to the resync period
  }

  @Test
  void aConcurrentConfigChangeIsReadAgainAndNotUndone() {
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    // Another writer changes the config between our read and our write, once.
    var other = dataplane.config;
    dataplane.beforeSetConfig =
        () -> {
          dataplane.beforeSetConfig = () -> {};
          dataplane.changeBehindTheControllersBack(other);
        };

    change(snapshot(app("web", "www.test", "10.0.0.1", 8080)));
    advance(50);
    loop.step();

    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(dataplane.config.frontend("http").routes().get(0).host()).isEqualTo("www.test");
  }

  @Test
  void nothingIsSyncedBeforeTheSourceIsReady() {
    source.ready = false;
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080)));
    advance(1_000);
    assertThat(loop.step()).isEqualTo(1_000 * MS);
    assertThat(reports).isEmpty();

    source.ready = true;
    assertThat(loop.step()).isZero();
    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
  }

  @Test
  void aBadIngressIsReportedWhileTheOthersApply() {
    String bad =
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: bad, namespace: default}
        spec:
          ingressClassName: breakwater
          rules:
            - host: bad.test
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
        """;
    change(snapshot(app("web", "web.test", "10.0.0.1", 8080), bad));
    advance(50);
    loop.step();

    assertThat(last().outcome()).isEqualTo(Outcome.FULL);
    assertThat(last().translation().problems())
        .anySatisfy(p -> assertThat(p.toString()).contains("bad").contains("missing"));
    assertThat(dataplane.servers("default/web/80")).containsExactly("web-0=10.0.0.1:8080");
  }

  @Test
  void anInvalidAnnotationKeepsTheBackendsLastGoodSettings() {
    change(snapshot(app("web", "web.test", "breakwater.io/timeout-server: 7s", "10.0.0.1", 8080)));
    advance(50);
    loop.step();
    Duration good = dataplane.config.backend("default/web/80").timeouts().server();
    assertThat(good).isEqualTo(Duration.ofSeconds(7));

    change(
        snapshot(
            app("web", "web.test", "breakwater.io/timeout-server: soon", "10.0.0.1", 8080, 8081)));
    advance(50);
    loop.step();

    assertThat(last().translation().backendsWithErrors()).containsExactly("default/web/80");
    assertThat(dataplane.config.backend("default/web/80").timeouts().server()).isEqualTo(good);
    assertThat(dataplane.servers("default/web/80")).hasSize(2);
  }
}
