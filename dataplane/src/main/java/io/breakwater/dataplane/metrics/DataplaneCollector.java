package io.breakwater.dataplane.metrics;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.proxy.BackendRuntime;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.stats.Timings;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one {@link Dataplane#stats()} snapshot into the {@link Metric} families, plus the latency
 * histograms of the backends running at that moment. Runs on the scraping thread; costs one
 * snapshot and one data point object per series.
 */
final class DataplaneCollector implements MultiCollector {
  private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
  private static final String[] SERVER_STATES = {"up", "down", "maint", "drain"};
  private static final String[] BREAKER_STATES = {"closed", "open", "half_open"};
  private static final ProxyErrorKind[] KINDS = ProxyErrorKind.values();
  private static final String[] KIND_NAMES = new String[KINDS.length];

  static {
    for (ProxyErrorKind k : KINDS) {
      KIND_NAMES[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
    }
  }

  private final Dataplane dp;

  DataplaneCollector(Dataplane dp) {
    this.dp = dp;
  }

  @Override
  public MetricSnapshots collect() {
    StatsSnapshot s = dp.stats();
    Points p = new Points();
    info(p, s.info());
    for (StatsSnapshot.Frontend f : s.frontends()) {
      frontend(p, f);
    }
    for (StatsSnapshot.Backend b : s.backends()) {
      Labels labels = Labels.of("backend", b.name());
      backend(p, b, labels);
      latency(p, b.name());
      for (StatsSnapshot.Server sv : b.servers()) {
        server(p, sv, Labels.of("backend", b.name(), "server", sv.name()));
      }
    }
    return p.snapshots();
  }

  private static void info(Points p, StatsSnapshot.Info i) {
    p.add(Metric.BUILD_INFO, 1, Labels.of("version", i.version(), "transport", i.transport()));
    p.add(Metric.START_TIME, i.startedAtMillis() / 1000.0, Labels.EMPTY);
    p.add(Metric.WORKERS, i.workers(), Labels.EMPTY);
    p.add(Metric.CURRENT_CONNECTIONS, i.connections(), Labels.EMPTY);
    p.add(Metric.MAX_CONNECTIONS, i.maxconn(), Labels.EMPTY);
    p.add(Metric.CONNECTIONS, i.connectionsTotal(), Labels.EMPTY);
    p.add(Metric.REQUESTS, i.requestsTotal(), Labels.EMPTY);
    p.add(Metric.CONFIG_VERSION, i.configVersion(), Labels.EMPTY);
    p.add(Metric.CONFIG_LAST_APPLY, i.configAppliedAtMillis() / 1000.0, Labels.EMPTY);
  }

  private static void frontend(Points p, StatsSnapshot.Frontend f) {
    Labels l = Labels.of("frontend", f.name());
    p.add(Metric.FRONTEND_CURRENT_SESSIONS, f.connections(), l);
    p.add(Metric.FRONTEND_MAX_SESSIONS, f.connectionsMax(), l);
    p.add(Metric.FRONTEND_SESSIONS, f.connectionsTotal(), l);
    p.add(Metric.FRONTEND_REQUESTS, f.requests(), l);
    responses(p, Metric.FRONTEND_RESPONSES, f.responses(), l);
    p.add(Metric.FRONTEND_REQUEST_BYTES, f.bytesIn(), l);
    p.add(Metric.FRONTEND_RESPONSE_BYTES, f.bytesOut(), l);
    p.add(Metric.FRONTEND_REQUEST_ERRORS, f.requestErrors(), l);
    p.add(Metric.FRONTEND_DENIED_CONNECTIONS, f.connectionsDenied(), l);
    errors(p, Metric.FRONTEND_PROXY_ERRORS, f.errors(), l);
  }

  private static void backend(Points p, StatsSnapshot.Backend b, Labels l) {
    p.add(Metric.BACKEND_UP, b.up() ? 1 : 0, l);
    p.add(Metric.BACKEND_CURRENT_QUEUE, b.queued(), l);
    p.add(Metric.BACKEND_MAX_QUEUE, b.queuedMax(), l);
    p.add(Metric.BACKEND_QUEUE_LIMIT, b.maxqueue(), l);
    p.add(Metric.BACKEND_CURRENT_SESSIONS, b.active(), l);
    p.add(Metric.BACKEND_MAX_SESSIONS, b.activeMax(), l);
    p.add(Metric.BACKEND_CURRENT_CONNECTIONS, b.connections(), l);
    p.add(Metric.BACKEND_REQUESTS, b.requests(), l);
    responses(p, Metric.BACKEND_RESPONSES, b.responses(), l);
    p.add(Metric.BACKEND_REQUEST_BYTES, b.bytesIn(), l);
    p.add(Metric.BACKEND_RESPONSE_BYTES, b.bytesOut(), l);
    p.add(Metric.BACKEND_CONNECTION_ERRORS, b.connectErrors(), l);
    p.add(Metric.BACKEND_RESPONSE_ERRORS, b.responseErrors(), l);
    p.add(Metric.BACKEND_RETRIES, b.retries(), l);
    p.add(Metric.BACKEND_REDISPATCHES, b.redispatches(), l);
    p.add(Metric.BACKEND_RETRY_BUDGET_DENIED, b.retryBudgetDenied(), l);
    errors(p, Metric.BACKEND_PROXY_ERRORS, b.errors(), l);
    p.add(Metric.BACKEND_WEIGHT, b.weight(), l);
    p.add(Metric.BACKEND_ACTIVE_SERVERS, b.activeServers(), l);
    StatsSnapshot.Breaker breaker = b.breaker();
    if (breaker != null) {
      states(p, Metric.BACKEND_BREAKER_STATE, BREAKER_STATES, breakerState(breaker), l);
      p.add(Metric.BACKEND_BREAKER_TRANSITIONS, breaker.transitions(), l);
      p.add(Metric.BACKEND_BREAKER_REJECTED, breaker.rejected(), l);
    }
    p.add(Metric.BACKEND_PANIC, b.panic() ? 1 : 0, l);
    p.add(Metric.BACKEND_PANICS, b.panics(), l);
    p.add(Metric.BACKEND_EJECTED_SERVERS, b.ejected(), l);
    p.add(Metric.BACKEND_EJECTIONS_REFUSED, b.ejectionsRefused(), l);
    p.add(Metric.BACKEND_FAULT_DELAYS, b.faultDelays(), l);
    p.add(Metric.BACKEND_FAULT_ABORTS, b.faultAborts(), l);
  }

  /** The histograms live in the backend's {@link Timings}, already labelled with its name. */
  private void latency(Points p, String backend) {
    BackendRuntime rt = dp.backend(backend);
    if (rt == null) {
      return; // removed since the snapshot
    }
    Timings t = rt.state().timings();
    p.add(Metric.BACKEND_REQUEST_DURATION, t.total().histogram());
    p.add(Metric.BACKEND_CONNECT_DURATION, t.connect().histogram());
    p.add(Metric.BACKEND_RESPONSE_DURATION, t.response().histogram());
  }

  private static void server(Points p, StatsSnapshot.Server sv, Labels l) {
    String state =
        switch (sv.adminState()) {
          case "maint" -> "maint";
          case "drain" -> "drain";
          default -> sv.up() ? "up" : "down";
        };
    states(p, Metric.SERVER_STATE, SERVER_STATES, state, l);
    if (sv.checked() && sv.checksEnabled()) {
      p.add(Metric.SERVER_CHECK_UP, sv.up() ? 1 : 0, l);
    }
    p.add(Metric.SERVER_CHECK_FAILURES, sv.checksFailed(), l);
    p.add(Metric.SERVER_CHECK_UP_DOWN, sv.downs(), l);
    if (sv.checked()) {
      p.add(Metric.SERVER_CHECK_DURATION, sv.checkDurationMillis() / 1000.0, l);
      p.add(Metric.SERVER_LAST_CHANGE, sv.lastChangeSeconds(), l);
    }
    p.add(Metric.SERVER_DOWNTIME, sv.downtimeSeconds(), l);
    p.add(Metric.SERVER_WEIGHT, sv.weight(), l);
    p.add(Metric.SERVER_THROTTLE, sv.throttle() / 100.0, l);
    p.add(Metric.SERVER_CURRENT_SESSIONS, sv.active(), l);
    p.add(Metric.SERVER_MAX_SESSIONS, sv.activeMax(), l);
    p.add(Metric.SERVER_LIMIT_SESSIONS, sv.maxconn(), l);
    p.add(Metric.SERVER_REQUESTS, sv.requests(), l);
    responses(p, Metric.SERVER_RESPONSES, sv.responses(), l);
    p.add(Metric.SERVER_CONNECTION_ERRORS, sv.connectErrors(), l);
    p.add(Metric.SERVER_RESPONSE_ERRORS, sv.responseErrors(), l);
    p.add(Metric.SERVER_RETRIES, sv.retries(), l);
    p.add(Metric.SERVER_REDISPATCHES, sv.redispatches(), l);
    p.add(Metric.SERVER_OBSERVE_FAILURES, sv.observeFailures(), l);
    StatsSnapshot.Breaker outlier = sv.outlier();
    if (outlier != null) {
      states(p, Metric.SERVER_OUTLIER_STATE, BREAKER_STATES, breakerState(outlier), l);
      p.add(Metric.SERVER_OUTLIER_TRANSITIONS, outlier.transitions(), l);
    }
  }

  private static String breakerState(StatsSnapshot.Breaker b) {
    return b.state().toLowerCase(Locale.ROOT);
  }

  private static void responses(Points p, Metric m, StatsSnapshot.Responses r, Labels l) {
    long[] byClass = {r.c1xx(), r.c2xx(), r.c3xx(), r.c4xx(), r.c5xx(), r.other()};
    for (int i = 0; i < CODES.length; i++) {
      p.add(m, byClass[i], l.add("code", CODES[i]));
    }
  }

  /** Every kind, zeros included, so a series exists before its first error. */
  private static void errors(Points p, Metric m, Map<ProxyErrorKind, Long> errors, Labels l) {
    for (ProxyErrorKind k : KINDS) {
      p.add(m, errors.getOrDefault(k, 0L), l.add("kind", KIND_NAMES[k.ordinal()]));
    }
  }

  /** A one-hot family: 1 for {@code current}, 0 for every other state. */
  private static void states(Points p, Metric m, String[] states, String current, Labels l) {
    for (String s : states) {
      p.add(m, s.equals(current) ? 1 : 0, l.add("state", s));
    }
  }

  /** Data points per family, in catalogue order. */
  private static final class Points {
    private final List<List<DataPointSnapshot>> byMetric = new ArrayList<>();

    Points() {
      for (int i = 0; i < Metric.values().length; i++) {
        byMetric.add(new ArrayList<>());
      }
    }

    void add(Metric m, double value, Labels labels) {
      byMetric
          .get(m.ordinal())
          .add(
              m.type() == Metric.Type.COUNTER
                  ? new CounterDataPointSnapshot(value, labels, null, 0)
                  : new GaugeDataPointSnapshot(value, labels, null));
    }

    void add(Metric m, HistogramDataPointSnapshot histogram) {
      byMetric.get(m.ordinal()).add(histogram);
    }

    @SuppressWarnings("unchecked")
    MetricSnapshots snapshots() {
      List<MetricSnapshot> out = new ArrayList<>();
      for (Metric m : Metric.values()) {
        List<?> points = byMetric.get(m.ordinal());
        if (points.isEmpty()) {
          continue;
        }
        out.add(
            switch (m.type()) {
              case COUNTER ->
                  new CounterSnapshot(m.metadata(), (List<CounterDataPointSnapshot>) points);
              case GAUGE -> new GaugeSnapshot(m.metadata(), (List<GaugeDataPointSnapshot>) points);
              case HISTOGRAM ->
                  new HistogramSnapshot(m.metadata(), (List<HistogramDataPointSnapshot>) points);
            });
      }
      return new MetricSnapshots(out);
    }
  }
}
