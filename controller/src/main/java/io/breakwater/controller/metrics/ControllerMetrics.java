package io.breakwater.controller.metrics;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.sync.SyncListener;
import io.breakwater.controller.translate.Problem;
import io.breakwater.controller.translate.Severity;
import io.breakwater.controller.translate.Translation;
import io.breakwater.dataplane.config.Backend;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The controller's metrics, updated after every sync. Everything here is cheap (a few counters and
 * one pass over the problems), so it runs on the sync thread.
 *
 * <p>Each metric has its own registry entry in {@link #registry()}; docs/controller-metrics.md
 * lists them all, and {@code ControllerMetricsDocTest} keeps that list complete.
 */
public final class ControllerMetrics implements SyncListener {

  /** Every metric's name starts with this. */
  public static final String PREFIX = "breakwater_controller_";

  /** The kinds {@code watched_objects} and {@code invalid_objects} are reported for. */
  public static final List<String> KINDS =
      List.of(
          "Ingress",
          "IngressClass",
          "Service",
          "EndpointSlice",
          "Endpoints",
          "Secret",
          "CircuitBreaker",
          "RetryPolicy");

  private final PrometheusRegistry registry;
  private final Clock clock;
  private final Histogram syncDuration;
  private final Counter applies;
  private final Gauge watched;
  private final Gauge invalidObjects;
  private final Gauge problems;
  private final Gauge leader;
  private final Gauge lastSuccess;
  private final Histogram convergence;

  /** What the last successful apply applied, to tell a failed apply's kind. */
  private Translation lastApplied;

  private volatile boolean synced;

  /** Metrics in a registry of their own, timestamps from the system clock. */
  public ControllerMetrics() {
    this(new PrometheusRegistry(), Clock.systemUTC());
  }

  /** Metrics registered in {@code registry}, the last-success timestamp read from {@code clock}. */
  public ControllerMetrics(PrometheusRegistry registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    syncDuration =
        Histogram.builder()
            .name(PREFIX + "sync_duration_seconds")
            .help("How long one sync took: snapshot, translation, diff and apply.")
            .classicOnly()
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    applies =
        Counter.builder()
            .name(PREFIX + "applies_total")
            .help(
                "Syncs by what they applied (kind: noop, servers, full) and how that ended"
                    + " (result: ok, failed). A failed apply counts as servers when only server"
                    + " sets changed since the last successful one, else as full.")
            .labelNames("kind", "result")
            .register(registry);
    watched =
        Gauge.builder()
            .name(PREFIX + "watched_objects")
            .help("Objects in the last snapshot, by kind.")
            .labelNames("kind")
            .register(registry);
    invalidObjects =
        Gauge.builder()
            .name(PREFIX + "invalid_objects")
            .help(
                "Objects with at least one problem of this severity (Error, Warning) in the last"
                    + " translation, by kind.")
            .labelNames("kind", "severity")
            .register(registry);
    problems =
        Gauge.builder()
            .name(PREFIX + "problems")
            .help("Problems found by the last translation, by kind of object and severity.")
            .labelNames("kind", "severity")
            .register(registry);
    leader =
        Gauge.builder()
            .name(PREFIX + "leader")
            .help(
                "1 while this replica is the leader (writes statuses and Events), else 0. Always 1"
                    + " without --leader-elect.")
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name(PREFIX + "last_successful_sync_timestamp_seconds")
            .help("When the last sync that did not fail ended, as Unix time; 0 before the first.")
            .register(registry);
    convergence =
        Histogram.builder()
            .name(PREFIX + "convergence_latency_seconds")
            .help(
                "From the first cluster change a sync covered being observed to the dataplane"
                    + " running it (successful syncs after a change; periodic resyncs are left"
                    + " out).")
            .classicOnly()
            .classicUpperBounds(
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
            .register(registry);
    leader.set(1);
    lastSuccess.set(0);
    // Every series that can occur exists from the start, so rate() sees its first increment.
    applies.labelValues("noop", "ok");
    for (String kind : List.of("servers", "full")) {
      applies.labelValues(kind, "ok");
      applies.labelValues(kind, "failed");
    }
    countObjects(ClusterSnapshot.EMPTY);
    countProblems(List.of());
  }

  /** The registry these metrics are in; {@link MetricsServer} serves it. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Whether a sync has succeeded yet: {@code /readyz}. */
  public boolean ready() {
    return synced;
  }

  /** Sets the leader gauge; {@code LeaderElection} calls it on every change. */
  public void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }

  @Override
  public synchronized void onSync(
      ClusterSnapshot snapshot,
      Translation translation,
      Outcome outcome,
      Duration duration,
      long oldestChangeAgeNanos,
      Throwable error) {
    syncDuration.observe(duration.toNanos() / 1e9);
    countObjects(snapshot);
    countProblems(translation.problems());
    if (outcome == Outcome.FAILED) {
      applies.labelValues(failedKind(translation), "failed").inc();
      return;
    }
    applies.labelValues(outcome.name().toLowerCase(Locale.ROOT), "ok").inc();
    lastApplied = translation;
    lastSuccess.set(clock.millis() / 1000.0);
    synced = true;
    if (oldestChangeAgeNanos >= 0) {
      convergence.observe(oldestChangeAgeNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
  }

  private void countObjects(ClusterSnapshot s) {
    watched.labelValues("Ingress").set(s.ingresses().size());
    watched.labelValues("IngressClass").set(s.ingressClasses().size());
    watched.labelValues("Service").set(s.services().size());
    watched.labelValues("EndpointSlice").set(s.endpointSlices().size());
    watched.labelValues("Endpoints").set(s.endpoints().size());
    watched.labelValues("Secret").set(s.secrets().size());
    watched.labelValues("CircuitBreaker").set(s.circuitBreakers().size());
    watched.labelValues("RetryPolicy").set(s.retryPolicies().size());
  }

  private void countProblems(List<Problem> found) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Set<ObjectRef>> objects = new HashMap<>();
    for (Problem p : found) {
      String key = p.object().kind() + "\0" + p.severity().displayName();
      counts.merge(key, 1, Integer::sum);
      objects.computeIfAbsent(key, k -> new HashSet<>()).add(p.object());
    }
    // Every kind and severity is set, to 0 when absent, so a fixed problem stops being counted.
    Map<String, String[]> labels = new LinkedHashMap<>();
    List<String> kinds = new ArrayList<>(KINDS);
    for (Problem p : found) {
      if (!kinds.contains(p.object().kind())) {
        kinds.add(p.object().kind());
      }
    }
    for (String kind : kinds) {
      for (Severity s : Severity.values()) {
        labels.put(kind + "\0" + s.displayName(), new String[] {kind, s.displayName()});
      }
    }
    labels.forEach(
        (key, values) -> {
          problems.labelValues(values).set(counts.getOrDefault(key, 0));
          invalidObjects.labelValues(values).set(objects.getOrDefault(key, Set.of()).size());
        });
  }

  /**
   * The kind of apply a failed sync attempted, as far as the translations tell: servers when only
   * server sets differ from the last successful apply, full otherwise (also before any success).
   */
  private String failedKind(Translation t) {
    Translation last = lastApplied;
    if (last == null
        || !last.routes().equals(t.routes())
        || !Objects.equals(last.defaultBackend(), t.defaultBackend())
        || last.backends().size() != t.backends().size()) {
      return "full";
    }
    for (int i = 0; i < t.backends().size(); i++) {
      if (!withoutServers(last.backends().get(i)).equals(withoutServers(t.backends().get(i)))) {
        return "full";
      }
    }
    return "servers";
  }

  private static Backend withoutServers(Backend b) {
    return b.withServers(List.of()); // keeps TLS and protocol: a change of those is a full apply
  }
}
