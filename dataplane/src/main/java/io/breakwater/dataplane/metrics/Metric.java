package io.breakwater.dataplane.metrics;

import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * Every {@code breakwater_*} metric family: its exposed name, type, unit, labels and meaning. The
 * collector emits only families listed here, and {@code docs/metrics.md} is generated from this
 * list, so the two cannot drift. The order is the documentation's.
 *
 * <p>Longer than most files here on purpose: it is a table, one entry per family, and keeping it in
 * one place is what makes the documentation and the exposition agree.
 */
public enum Metric {
  // ---- process ----
  BUILD_INFO(
      "breakwater_build_info",
      Type.GAUGE,
      "Always 1; the labels say what runs.",
      "version",
      "transport"),
  START_TIME("breakwater_start_time_seconds", Type.GAUGE, "When the process started (Unix time)."),
  WORKERS("breakwater_workers", Type.GAUGE, "Event-loop threads serving traffic."),
  CURRENT_CONNECTIONS(
      "breakwater_current_connections", Type.GAUGE, "Client connections open now, all frontends."),
  MAX_CONNECTIONS(
      "breakwater_max_connections",
      Type.GAUGE,
      "The limit on client connections (`global.maxconn`)."),
  CONNECTIONS(
      "breakwater_connections_total", Type.COUNTER, "Client connections accepted since start."),
  REQUESTS("breakwater_requests_total", Type.COUNTER, "HTTP requests received since start."),
  CONFIG_VERSION(
      "breakwater_config_version",
      Type.GAUGE,
      "The running config's number: 1 at start, one more with every change applied."),
  CONFIG_LAST_APPLY(
      "breakwater_config_last_apply_timestamp_seconds",
      Type.GAUGE,
      "When the running config was applied (Unix time)."),

  // ---- frontends ----
  FRONTEND_CURRENT_SESSIONS(
      "breakwater_frontend_current_sessions",
      Type.GAUGE,
      "Client connections open now (HAProxy `scur`).",
      "frontend"),
  FRONTEND_MAX_SESSIONS(
      "breakwater_frontend_max_sessions",
      Type.GAUGE,
      "Most client connections open at once (`smax`).",
      "frontend"),
  FRONTEND_SESSIONS(
      "breakwater_frontend_sessions_total",
      Type.COUNTER,
      "Client connections accepted (`stot`).",
      "frontend"),
  FRONTEND_REQUESTS(
      "breakwater_frontend_http_requests_total",
      Type.COUNTER,
      "HTTP requests received (`req_tot`).",
      "frontend"),
  FRONTEND_RESPONSES(
      "breakwater_frontend_http_responses_total",
      Type.COUNTER,
      "Responses sent to clients by status class: `code` is `1xx` … `5xx` or `other` (`hrsp_*`).",
      "frontend",
      "code"),
  FRONTEND_REQUEST_BYTES(
      "breakwater_frontend_request_bytes_total",
      Type.COUNTER,
      "Bytes received from clients, headers included (`bin`).",
      "frontend"),
  FRONTEND_RESPONSE_BYTES(
      "breakwater_frontend_response_bytes_total",
      Type.COUNTER,
      "Bytes sent to clients, headers included (`bout`).",
      "frontend"),
  FRONTEND_REQUEST_ERRORS(
      "breakwater_frontend_request_errors_total",
      Type.COUNTER,
      "Malformed, oversized or timed-out requests (`ereq`).",
      "frontend"),
  FRONTEND_DENIED_CONNECTIONS(
      "breakwater_frontend_denied_connections_total",
      Type.COUNTER,
      "Connections closed at accept because their client address had `maxconnPerClient`"
          + " open already (`dcon`).",
      "frontend"),
  FRONTEND_PROXY_ERRORS(
      "breakwater_frontend_proxy_errors_total",
      Type.COUNTER,
      "Requests the proxy answered (or gave up on) itself, by `kind`: the lower-cased"
          + " `ProxyErrorKind` (`bad_request`, `no_route`, `no_server`, `queue_full`,"
          + " `overloaded`, `circuit_open`, `server_timeout`, `denied`, `rate_limited`, `body_too_large`, …).",
      "frontend",
      "kind"),

  // ---- backends ----
  BACKEND_UP(
      "breakwater_backend_up",
      Type.GAUGE,
      "1 when at least one server takes requests, else 0 (`status` UP/DOWN).",
      "backend"),
  BACKEND_CURRENT_QUEUE(
      "breakwater_backend_current_queue",
      Type.GAUGE,
      "Requests waiting for a server slot now (`qcur`).",
      "backend"),
  BACKEND_MAX_QUEUE(
      "breakwater_backend_max_queue",
      Type.GAUGE,
      "Most requests waiting at once (`qmax`).",
      "backend"),
  BACKEND_QUEUE_LIMIT(
      "breakwater_backend_queue_limit",
      Type.GAUGE,
      "The backend's `maxqueue`; 0 means unlimited.",
      "backend"),
  BACKEND_CURRENT_SESSIONS(
      "breakwater_backend_current_sessions",
      Type.GAUGE,
      "Requests in flight to the servers now (`scur`).",
      "backend"),
  BACKEND_MAX_SESSIONS(
      "breakwater_backend_max_sessions",
      Type.GAUGE,
      "Most requests in flight at once (`smax`).",
      "backend"),
  BACKEND_CURRENT_CONNECTIONS(
      "breakwater_backend_current_connections",
      Type.GAUGE,
      "Open connections to the servers, pooled and busy.",
      "backend"),
  BACKEND_REQUESTS(
      "breakwater_backend_http_requests_total",
      Type.COUNTER,
      "Requests routed to the backend (`stot`).",
      "backend"),
  BACKEND_RESPONSES(
      "breakwater_backend_http_responses_total",
      Type.COUNTER,
      "Responses by status class, the proxy's own answers included (`hrsp_*`).",
      "backend",
      "code"),
  BACKEND_REQUEST_BYTES(
      "breakwater_backend_request_bytes_total",
      Type.COUNTER,
      "Request bytes of the backend's requests (`bin`).",
      "backend"),
  BACKEND_RESPONSE_BYTES(
      "breakwater_backend_response_bytes_total",
      Type.COUNTER,
      "Response bytes of the backend's requests (`bout`).",
      "backend"),
  BACKEND_CONNECTION_ERRORS(
      "breakwater_backend_connection_errors_total",
      Type.COUNTER,
      "Failed connects to the backend's servers (`econ`).",
      "backend"),
  BACKEND_RESPONSE_ERRORS(
      "breakwater_backend_response_errors_total",
      Type.COUNTER,
      "Invalid, timed-out or cut-short responses (`eresp`).",
      "backend"),
  BACKEND_RETRIES(
      "breakwater_backend_retries_total",
      Type.COUNTER,
      "Requests tried again (`wretr`).",
      "backend"),
  BACKEND_REDISPATCHES(
      "breakwater_backend_redispatches_total",
      Type.COUNTER,
      "Retries sent to another server than the failed one (`wredis`).",
      "backend"),
  BACKEND_RETRY_BUDGET_DENIED(
      "breakwater_backend_retry_budget_denied_total",
      Type.COUNTER,
      "Retries the retry budget refused.",
      "backend"),
  BACKEND_PROXY_ERRORS(
      "breakwater_backend_proxy_errors_total",
      Type.COUNTER,
      "Requests the proxy answered (or gave up on) itself, by `kind` as for frontends;"
          + " `kind=\"overloaded\"` counts requests refused by `limits`, `circuit_open` those"
          + " refused by the open breaker.",
      "backend",
      "kind"),
  BACKEND_WEIGHT(
      "breakwater_backend_weight",
      Type.GAUGE,
      "Sum of the weights of the servers taking requests (`weight`).",
      "backend"),
  BACKEND_ACTIVE_SERVERS(
      "breakwater_backend_active_servers",
      Type.GAUGE,
      "Servers taking requests now (`act`).",
      "backend"),
  BACKEND_BREAKER_STATE(
      "breakwater_backend_breaker_state",
      Type.GAUGE,
      "The backend circuit breaker's state, one series per `state` (`closed`, `open`,"
          + " `half_open`), 1 for the current one. Only backends with `circuitBreaker`.",
      "backend",
      "state"),
  BACKEND_BREAKER_TRANSITIONS(
      "breakwater_backend_breaker_transitions_total",
      Type.COUNTER,
      "State changes of the backend circuit breaker.",
      "backend"),
  BACKEND_BREAKER_REJECTED(
      "breakwater_backend_breaker_rejected_total",
      Type.COUNTER,
      "Requests the backend circuit breaker refused while open.",
      "backend"),
  BACKEND_PANIC(
      "breakwater_backend_panic",
      Type.GAUGE,
      "1 while too few servers remain and outlier ejections are ignored (panic mode).",
      "backend"),
  BACKEND_PANICS(
      "breakwater_backend_panics_total", Type.COUNTER, "Times panic mode was entered.", "backend"),
  BACKEND_EJECTED_SERVERS(
      "breakwater_backend_ejected_servers",
      Type.GAUGE,
      "Servers ejected by outlier detection now.",
      "backend"),
  BACKEND_EJECTIONS_REFUSED(
      "breakwater_backend_ejections_refused_total",
      Type.COUNTER,
      "Ejections refused by `maxEjectionPercent`.",
      "backend"),
  BACKEND_FAULT_DELAYS(
      "breakwater_backend_fault_delays_total",
      Type.COUNTER,
      "Requests delayed by fault injection.",
      "backend"),
  BACKEND_FAULT_ABORTS(
      "breakwater_backend_fault_aborts_total",
      Type.COUNTER,
      "Requests aborted by fault injection.",
      "backend"),
  BACKEND_REQUEST_DURATION(
      "breakwater_backend_request_duration_seconds",
      Type.HISTOGRAM,
      "Total time of a request, from its first byte to the end of its response.",
      "backend"),
  BACKEND_CONNECT_DURATION(
      "breakwater_backend_connect_duration_seconds",
      Type.HISTOGRAM,
      "Time to connect to the server; 0 for a request on a pooled connection.",
      "backend"),
  BACKEND_RESPONSE_DURATION(
      "breakwater_backend_response_duration_seconds",
      Type.HISTOGRAM,
      "Time from sending the request to the first byte of the response head.",
      "backend"),

  // ---- servers ----
  SERVER_STATE(
      "breakwater_server_state",
      Type.GAUGE,
      "One series per `state`: `up`, `down`, `maint`, `drain`; 1 for the current one. `maint`"
          + " and `drain` are the admin state; otherwise `up` or `down` by health checks.",
      "backend",
      "server",
      "state"),
  SERVER_CHECK_UP(
      "breakwater_server_check_up",
      Type.GAUGE,
      "1 when the health checks say UP, else 0. Only servers with enabled health checks.",
      "backend",
      "server"),
  SERVER_CHECK_FAILURES(
      "breakwater_server_check_failures_total",
      Type.COUNTER,
      "Failed health checks (`chkfail`).",
      "backend",
      "server"),
  SERVER_CHECK_UP_DOWN(
      "breakwater_server_check_up_down_total",
      Type.COUNTER,
      "UP to DOWN transitions (`chkdown`).",
      "backend",
      "server"),
  SERVER_CHECK_DURATION(
      "breakwater_server_check_duration_seconds",
      Type.GAUGE,
      "How long the last health check took. Only servers with health checks.",
      "backend",
      "server"),
  SERVER_LAST_CHANGE(
      "breakwater_server_check_last_change_seconds",
      Type.GAUGE,
      "Time since the last UP/DOWN change (`lastchg`). Only servers with health checks.",
      "backend",
      "server"),
  SERVER_DOWNTIME(
      "breakwater_server_downtime_seconds_total",
      Type.COUNTER,
      "Time spent DOWN (`downtime`).",
      "backend",
      "server"),
  SERVER_WEIGHT(
      "breakwater_server_weight",
      Type.GAUGE,
      "Configured weight (`uweight`).",
      "backend",
      "server"),
  SERVER_THROTTLE(
      "breakwater_server_throttle_ratio",
      Type.GAUGE,
      "Share of its weight a server has during slow start, 0 to 1; 1 when not ramping"
          + " (`throttle`).",
      "backend",
      "server"),
  SERVER_CURRENT_SESSIONS(
      "breakwater_server_current_sessions",
      Type.GAUGE,
      "Requests in flight to the server (`scur`).",
      "backend",
      "server"),
  SERVER_MAX_SESSIONS(
      "breakwater_server_max_sessions",
      Type.GAUGE,
      "Most requests in flight at once (`smax`).",
      "backend",
      "server"),
  SERVER_LIMIT_SESSIONS(
      "breakwater_server_limit_sessions",
      Type.GAUGE,
      "The server's `maxconn`; 0 means unlimited (`slim`).",
      "backend",
      "server"),
  SERVER_REQUESTS(
      "breakwater_server_http_requests_total",
      Type.COUNTER,
      "Times the server was chosen for a request (`stot`, `lbtot`).",
      "backend",
      "server"),
  SERVER_RESPONSES(
      "breakwater_server_http_responses_total",
      Type.COUNTER,
      "Responses by status class (`hrsp_*`).",
      "backend",
      "server",
      "code"),
  SERVER_CONNECTION_ERRORS(
      "breakwater_server_connection_errors_total",
      Type.COUNTER,
      "Failed connects (`econ`).",
      "backend",
      "server"),
  SERVER_RESPONSE_ERRORS(
      "breakwater_server_response_errors_total",
      Type.COUNTER,
      "Invalid, timed-out or cut-short responses (`eresp`).",
      "backend",
      "server"),
  SERVER_RETRIES(
      "breakwater_server_retries_total",
      Type.COUNTER,
      "Retries after a failure on this server (`wretr`).",
      "backend",
      "server"),
  SERVER_REDISPATCHES(
      "breakwater_server_redispatches_total",
      Type.COUNTER,
      "Retries that left this server for another (`wredis`).",
      "backend",
      "server"),
  SERVER_OBSERVE_FAILURES(
      "breakwater_server_observe_failures_total",
      Type.COUNTER,
      "Actions taken by passive observation (`hanafail`).",
      "backend",
      "server"),
  SERVER_OUTLIER_STATE(
      "breakwater_server_outlier_state",
      Type.GAUGE,
      "The server's outlier-detection breaker, one series per `state` (`closed`: in rotation,"
          + " `open`: ejected, `half_open`: probing). Only backends with `outlierDetection`.",
      "backend",
      "server",
      "state"),
  SERVER_OUTLIER_TRANSITIONS(
      "breakwater_server_outlier_transitions_total",
      Type.COUNTER,
      "State changes of the server's outlier-detection breaker.",
      "backend",
      "server");

  /** The kinds of family this catalogue uses. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM;

    /** As in the exposition's {@code # TYPE} line. */
    public String exposed() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String exposedName;
  private final Type type;
  private final String help;
  private final List<String> labels;
  private final MetricMetadata metadata;

  Metric(String exposedName, Type type, String help, String... labels) {
    if ((type == Type.COUNTER) != exposedName.endsWith("_total")) {
      throw new IllegalArgumentException(exposedName + " (expected: _total exactly on counters)");
    }
    this.exposedName = exposedName;
    this.type = type;
    this.help = help;
    this.labels = List.of(labels);
    String base =
        type == Type.COUNTER ? exposedName.substring(0, exposedName.length() - 6) : exposedName;
    Unit unit =
        base.endsWith("_seconds")
            ? Unit.SECONDS
            : base.endsWith("_bytes") ? Unit.BYTES : base.endsWith("_ratio") ? Unit.RATIO : null;
    this.metadata = new MetricMetadata(base, help.replace("`", ""), unit);
  }

  /** The family's name as exposed, {@code _total} included for counters. */
  public String exposedName() {
    return exposedName;
  }

  public Type type() {
    return type;
  }

  /** The meaning, in Markdown. */
  public String help() {
    return help;
  }

  /** Label names, in the order the documentation lists them. */
  public List<String> labels() {
    return labels;
  }

  /** {@code seconds}, {@code bytes}, {@code ratio} or null. */
  public String unit() {
    return metadata.hasUnit() ? metadata.getUnit().toString() : null;
  }

  MetricMetadata metadata() {
    return metadata;
  }
}
