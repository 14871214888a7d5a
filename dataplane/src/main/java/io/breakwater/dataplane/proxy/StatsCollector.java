package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.accesslog.AccessLogWriter;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.HealthState;
import io.breakwater.dataplane.resilience.OutlierEjection;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.stats.TrafficStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads the live state objects into a {@link StatsSnapshot}. Runs off the event loops (on the
 * thread that asked), reading atomics and volatile fields only; a snapshot may mix values a few
 * microseconds apart, as HAProxy's stats do.
 */
final class StatsCollector {
  private StatsCollector() {}

  static final long STARTED_AT = System.currentTimeMillis();
  static final String VERSION =
      StatsCollector.class.getPackage().getImplementationVersion() == null
          ? "development"
          : StatsCollector.class.getPackage().getImplementationVersion();

  static StatsSnapshot collect(
      Config config,
      Map<String, FrontendState> frontends,
      List<BackendRuntime> backends,
      Map<String, Integer> boundPorts,
      int connections,
      String transport,
      long version,
      long appliedAt,
      AccessLogWriter accessLog) {
    List<StatsSnapshot.Frontend> fs = new ArrayList<>();
    long connectionsTotal = 0;
    long sessionRate = 0;
    long requestsTotal = 0;
    int id = 1;
    for (Frontend f : config.frontends()) {
      FrontendState st = frontends.get(f.name());
      if (st == null) {
        continue;
      }
      TrafficStats t = st.stats();
      Map<ProxyErrorKind, Long> errors = errors(t);
      long requestErrors =
          errors.getOrDefault(ProxyErrorKind.BAD_REQUEST, 0L)
              + errors.getOrDefault(ProxyErrorKind.URI_TOO_LONG, 0L)
              + errors.getOrDefault(ProxyErrorKind.HEADERS_TOO_LARGE, 0L)
              + errors.getOrDefault(ProxyErrorKind.METHOD_NOT_ALLOWED, 0L)
              + errors.getOrDefault(ProxyErrorKind.PAYLOAD_TOO_LARGE, 0L)
              + errors.getOrDefault(ProxyErrorKind.REQUEST_TIMEOUT, 0L);
      Integer port = boundPorts.get(f.name());
      fs.add(
          new StatsSnapshot.Frontend(
              f.name(),
              id++,
              f.listen().host() + ":" + (port == null ? f.listen().port() : port),
              st.connections(),
              st.connectionsMax(),
              st.connectionsTotal(),
              st.sessionRate().rate(),
              st.sessionRate().max(),
              t.requests(),
              t.requestRate().rate(),
              t.requestRate().max(),
              t.bytesIn(),
              t.bytesOut(),
              requestErrors,
              StatsSnapshot.Responses.of(t),
              errors,
              st.connectionsRefusedPerClient()));
      connectionsTotal += st.connectionsTotal();
      sessionRate += st.sessionRate().rate();
      requestsTotal += t.requests();
    }
    List<StatsSnapshot.Backend> bs = new ArrayList<>();
    id = 1;
    for (BackendRuntime b : backends) {
      bs.add(backend(b, id++));
    }
    StatsSnapshot.Info info =
        new StatsSnapshot.Info(
            VERSION,
            ProcessHandle.current().pid(),
            STARTED_AT,
            version,
            appliedAt,
            transport,
            config.global().effectiveWorkers(),
            connections,
            config.global().maxconn(),
            connectionsTotal,
            sessionRate,
            requestsTotal,
            accessLog.written(),
            accessLog.dropped());
    return new StatsSnapshot(info, fs, bs);
  }

  private static StatsSnapshot.Backend backend(BackendRuntime b, int id) {
    BackendState st = b.state;
    TrafficStats t = st.stats();
    List<StatsSnapshot.Server> servers = new ArrayList<>();
    int weight = 0;
    int activeServers = 0;
    int sid = 1;
    for (ServerState s : b.servers) {
      StatsSnapshot.Server row = server(s, sid++);
      servers.add(row);
      if (row.eligible()) {
        activeServers++;
        weight += row.weight();
      }
    }
    OutlierEjection ej = st.outlierEjection();
    Map<ProxyErrorKind, Long> errors = errors(t);
    return new StatsSnapshot.Backend(
        b.config.name(),
        id,
        b.config.balance().configName(),
        st.queued(),
        st.queuedMax(),
        b.config.maxqueue(),
        st.activeRequests(),
        st.activeRequestsMax(),
        t.requests(),
        t.requestRate().rate(),
        t.requestRate().max(),
        t.bytesIn(),
        t.bytesOut(),
        servers.stream().mapToLong(StatsSnapshot.Server::connectErrors).sum(),
        responseErrors(errors),
        t.retries(),
        t.redispatches(),
        activeServers > 0,
        weight,
        activeServers,
        st.connections(),
        StatsSnapshot.Responses.of(t),
        errors,
        breaker(st.breaker()),
        st.panic(),
        ej == null ? 0 : ej.ejected(),
        ej == null ? 0 : ej.refused(),
        ej == null ? 0 : ej.panics(),
        st.budget().denied(),
        t.faultDelays(),
        t.faultAborts(),
        StatsSnapshot.Timings.of(st.timings()),
        servers);
  }

  private static StatsSnapshot.Server server(ServerState s, int id) {
    TrafficStats t = s.stats();
    HealthState.Snapshot h = s.health().snapshot();
    ServerResilience r = s.resilience();
    long now = System.nanoTime();
    String status =
        switch (s.adminState()) {
          case MAINT -> "MAINT";
          case DRAIN -> "DRAIN";
          case READY -> !r.checksEnabled() ? "no check" : h.status();
        };
    Map<ProxyErrorKind, Long> errors = errors(t);
    return new StatsSnapshot.Server(
        s.name(),
        id,
        s.config().address().format(),
        status,
        s.adminState().configName(),
        s.health().isUp() || !r.checksEnabled(),
        s.eligible(),
        h.checked(),
        r.checksEnabled(),
        s.config().weight(),
        r.throttlePercent(),
        s.active(),
        s.activeMax(),
        s.config().maxconn(),
        t.requests(),
        t.requestRate().rate(),
        t.requestRate().max(),
        errors.getOrDefault(ProxyErrorKind.CONNECT_FAILED, 0L),
        responseErrors(errors),
        t.retries(),
        t.redispatches(),
        h.checksPassed(),
        h.checksFailed(),
        h.downs(),
        TimeUnit.NANOSECONDS.toSeconds(Math.max(0, now - h.lastChangeNanos())),
        TimeUnit.NANOSECONDS.toSeconds(s.downtimeNanos()),
        h.checked() ? h.lastCheck().status().name() : null,
        TimeUnit.NANOSECONDS.toMillis(h.lastCheck().durationNanos()),
        h.lastCheck().info(),
        h.health(),
        h.rise(),
        h.fall(),
        h.hanaFailures(),
        StatsSnapshot.Responses.of(t),
        errors,
        breaker(s.outlier()));
  }

  private static long responseErrors(Map<ProxyErrorKind, Long> errors) {
    return errors.getOrDefault(ProxyErrorKind.BAD_RESPONSE, 0L)
        + errors.getOrDefault(ProxyErrorKind.SERVER_TIMEOUT, 0L)
        + errors.getOrDefault(ProxyErrorKind.RESPONSE_ABORTED, 0L);
  }

  private static Map<ProxyErrorKind, Long> errors(TrafficStats t) {
    Map<ProxyErrorKind, Long> m = new EnumMap<>(ProxyErrorKind.class);
    for (ProxyErrorKind k : ProxyErrorKind.values()) {
      long n = t.errors(k);
      if (n > 0) {
        m.put(k, n);
      }
    }
    return m;
  }

  private static StatsSnapshot.Breaker breaker(CircuitBreaker b) {
    if (b == null) {
      return null;
    }
    CircuitBreaker.Counts c = b.totals();
    CircuitBreaker.Transition last = b.lastTransition();
    return new StatsSnapshot.Breaker(
        b.state().name(),
        b.transitions(),
        b.rejected(),
        c.calls(),
        c.failures(),
        c.slowCalls(),
        last == null ? null : last.from() + "→" + last.to() + " (" + last.reason() + ")");
  }
}
