package io.breakwater.dataplane.stats;

import io.breakwater.dataplane.resilience.CheckStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StatsSnapshot} laid out as HAProxy's {@code show stat} table: one row per frontend, then
 * per backend one row per server and a {@code BACKEND} row, each with HAProxy's columns in
 * HAProxy's order (3.x, {@code include/haproxy/stats-t.h}). A cell is {@code null} where the column
 * does not apply to the row's type or Breakwater has no such figure; renderers print it empty (CSV)
 * or leave it out (JSON). After HAProxy's columns comes its {@code -} separator and Breakwater's
 * own resilience columns, prefixed {@code bw_}.
 *
 * <p>{@code iid} numbers frontends and backends separately, each from 1 in config order (HAProxy
 * shares one id space between all proxies); {@code sid} numbers a backend's servers from 1.
 *
 * <p>The class is a little over the project's length guideline because it is the column table: one
 * line per column name and one per filled cell, which reads best in one place.
 */
final class StatRows {

  /** HAProxy's columns, positions 0 to 118. */
  static final List<String> HAPROXY_COLUMNS =
      List.of(
          "pxname",
          "svname",
          "qcur",
          "qmax",
          "scur",
          "smax",
          "slim",
          "stot",
          "bin",
          "bout",
          "dreq",
          "dresp",
          "ereq",
          "econ",
          "eresp",
          "wretr",
          "wredis",
          "status",
          "weight",
          "act",
          "bck",
          "chkfail",
          "chkdown",
          "lastchg",
          "downtime",
          "qlimit",
          "pid",
          "iid",
          "sid",
          "throttle",
          "lbtot",
          "tracked",
          "type",
          "rate",
          "rate_lim",
          "rate_max",
          "check_status",
          "check_code",
          "check_duration",
          "hrsp_1xx",
          "hrsp_2xx",
          "hrsp_3xx",
          "hrsp_4xx",
          "hrsp_5xx",
          "hrsp_other",
          "hanafail",
          "req_rate",
          "req_rate_max",
          "req_tot",
          "cli_abrt",
          "srv_abrt",
          "comp_in",
          "comp_out",
          "comp_byp",
          "comp_rsp",
          "lastsess",
          "last_chk",
          "last_agt",
          "qtime",
          "ctime",
          "rtime",
          "ttime",
          "agent_status",
          "agent_code",
          "agent_duration",
          "check_desc",
          "agent_desc",
          "check_rise",
          "check_fall",
          "check_health",
          "agent_rise",
          "agent_fall",
          "agent_health",
          "addr",
          "cookie",
          "mode",
          "algo",
          "conn_rate",
          "conn_rate_max",
          "conn_tot",
          "intercepted",
          "dcon",
          "dses",
          "wrew",
          "connect",
          "reuse",
          "cache_lookups",
          "cache_hits",
          "srv_icur",
          "src_ilim",
          "qtime_max",
          "ctime_max",
          "rtime_max",
          "ttime_max",
          "eint",
          "idle_conn_cur",
          "safe_conn_cur",
          "used_conn_cur",
          "need_conn_est",
          "uweight",
          "agg_server_status",
          "agg_server_check_status",
          "agg_check_status",
          "srid",
          "sess_other",
          "h1sess",
          "h2sess",
          "h3sess",
          "req_other",
          "h1req",
          "h2req",
          "h3req",
          "proto",
          "priv_idle_cur",
          "reqbin",
          "reqbout",
          "resbin",
          "resbout",
          "cache_hint_hits");

  /**
   * Breakwater's columns after HAProxy's {@code -}: the breaker state (a backend's circuit breaker,
   * a server's outlier breaker: CLOSED, OPEN or HALF_OPEN), and for backends the servers ejected
   * now, whether the backend is in panic (1/0) and the retries its budget refused.
   */
  static final List<String> EXTRA_COLUMNS =
      List.of("bw_breaker", "bw_ejected", "bw_panic", "bw_retry_budget_denied");

  /** Every column name, HAProxy's, {@code -}, then Breakwater's. */
  static final List<String> COLUMNS = columns();

  private static final Map<String, Integer> INDEX = index();

  static final int TYPE_FRONTEND = 0;
  static final int TYPE_BACKEND = 1;
  static final int TYPE_SERVER = 2;

  private StatRows() {}

  private static List<String> columns() {
    List<String> all = new ArrayList<>(HAPROXY_COLUMNS);
    all.add("-");
    all.addAll(EXTRA_COLUMNS);
    return List.copyOf(all);
  }

  private static Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      m.put(COLUMNS.get(i), i);
    }
    return Map.copyOf(m);
  }

  /** One row: its cells by column position, {@code null} where nothing applies. */
  static final class Row {
    final Object[] cells = new Object[COLUMNS.size()];

    Row put(String column, Object value) {
      Integer i = INDEX.get(column);
      if (i == null) {
        throw new IllegalArgumentException("no stat column " + column);
      }
      cells[i] = value;
      return this;
    }
  }

  /**
   * The rows of a snapshot, in HAProxy's order.
   *
   * @param sensitive whether to fill {@code addr} and {@code algo}, which HAProxy shows only at
   *     operator level and above
   */
  static List<Row> rows(StatsSnapshot s, boolean sensitive) {
    List<Row> rows = new ArrayList<>();
    for (StatsSnapshot.Frontend f : s.frontends()) {
      rows.add(frontend(f, s.info()));
    }
    for (StatsSnapshot.Backend b : s.backends()) {
      for (StatsSnapshot.Server sv : b.servers()) {
        rows.add(server(b, sv, sensitive));
      }
      rows.add(backend(b, sensitive));
    }
    return rows;
  }

  private static Row common(String pxname, String svname, int iid, int sid, int type) {
    return new Row()
        .put("pxname", pxname)
        .put("svname", svname)
        .put("pid", 1)
        .put("iid", iid)
        .put("sid", sid)
        .put("type", type)
        .put("mode", "http");
  }

  private static void responses(Row r, StatsSnapshot.Responses x) {
    r.put("hrsp_1xx", x.c1xx())
        .put("hrsp_2xx", x.c2xx())
        .put("hrsp_3xx", x.c3xx())
        .put("hrsp_4xx", x.c4xx())
        .put("hrsp_5xx", x.c5xx())
        .put("hrsp_other", x.other());
  }

  private static long error(Map<ProxyErrorKind, Long> errors, ProxyErrorKind kind) {
    return errors.getOrDefault(kind, 0L);
  }

  private static Row frontend(StatsSnapshot.Frontend f, StatsSnapshot.Info info) {
    Row r =
        common(f.name(), "FRONTEND", f.id(), 0, TYPE_FRONTEND)
            .put("scur", f.connections())
            .put("smax", f.connectionsMax())
            // Frontends share the process-wide limit.
            .put("slim", info.maxconn())
            .put("stot", f.connectionsTotal())
            .put("bin", f.bytesIn())
            .put("bout", f.bytesOut())
            // Requests refused by an allow or deny list, as HAProxy counts http-request deny.
            .put("dreq", error(f.errors(), ProxyErrorKind.DENIED))
            .put("dresp", 0)
            .put("ereq", f.requestErrors())
            .put("status", f.connections() >= info.maxconn() ? "FULL" : "OPEN")
            .put("rate", f.sessionRate())
            .put("rate_lim", 0)
            .put("rate_max", f.sessionRateMax())
            .put("req_rate", f.requestRate())
            .put("req_rate_max", f.requestRateMax())
            .put("req_tot", f.requests())
            .put("comp_in", 0)
            .put("comp_out", 0)
            .put("comp_byp", 0)
            .put("comp_rsp", 0)
            .put("conn_rate", f.sessionRate())
            .put("conn_rate_max", f.sessionRateMax())
            .put("conn_tot", f.connectionsTotal())
            .put("intercepted", 0)
            .put("dcon", f.connectionsDenied())
            .put("dses", 0)
            .put("wrew", 0)
            .put("cache_lookups", 0)
            .put("cache_hits", 0)
            .put("eint", 0)
            .put("sess_other", 0)
            .put("h1sess", f.connectionsTotal())
            .put("h2sess", 0)
            .put("h3sess", 0)
            .put("req_other", 0)
            .put("h1req", f.requests())
            .put("h2req", 0)
            .put("h3req", 0);
    responses(r, f.responses());
    return r;
  }

  private static Row backend(StatsSnapshot.Backend b, boolean sensitive) {
    StatsSnapshot.Timings t = b.timings();
    Row r =
        common(b.name(), "BACKEND", b.id(), 0, TYPE_BACKEND)
            .put("qcur", b.queued())
            .put("qmax", b.queuedMax())
            .put("scur", b.active())
            .put("smax", b.activeMax())
            .put("stot", b.requests())
            // bin and bout stay empty: the proxy counts bytes on the client side only.
            .put("dreq", 0)
            .put("dresp", 0)
            .put("econ", b.connectErrors())
            .put("eresp", b.responseErrors())
            .put("wretr", b.retries())
            .put("wredis", b.redispatches())
            .put("status", b.up() ? "UP" : "DOWN")
            .put("weight", b.weight())
            .put("act", b.activeServers())
            .put("bck", 0)
            .put("lbtot", b.requests())
            .put("rate", b.requestRate())
            .put("rate_max", b.requestRateMax())
            .put("req_tot", b.requests())
            .put("cli_abrt", error(b.errors(), ProxyErrorKind.CLIENT_ABORTED))
            .put("srv_abrt", error(b.errors(), ProxyErrorKind.RESPONSE_ABORTED))
            .put("comp_in", 0)
            .put("comp_out", 0)
            .put("comp_byp", 0)
            .put("comp_rsp", 0)
            .put("qtime", t.queueAvg())
            .put("ctime", t.connectAvg())
            .put("rtime", t.responseAvg())
            .put("ttime", t.totalAvg())
            .put("wrew", 0)
            .put("cache_lookups", 0)
            .put("cache_hits", 0)
            .put("qtime_max", t.queueMax())
            .put("ctime_max", t.connectMax())
            .put("rtime_max", t.responseMax())
            .put("ttime_max", t.totalMax())
            .put("eint", 0)
            .put("uweight", b.weight())
            .put("bw_breaker", b.breaker() == null ? null : b.breaker().state())
            .put("bw_ejected", b.ejected())
            .put("bw_panic", b.panic() ? 1 : 0)
            .put("bw_retry_budget_denied", b.retryBudgetDenied());
    if (b.maxqueue() > 0) {
      r.put("qlimit", b.maxqueue());
    }
    if (sensitive) {
      r.put("algo", b.balance());
    }
    responses(r, b.responses());
    return r;
  }

  private static Row server(StatsSnapshot.Backend b, StatsSnapshot.Server s, boolean sensitive) {
    Row r =
        common(b.name(), s.name(), b.id(), s.id(), TYPE_SERVER)
            // The queue is the backend's; no request waits for one server in particular.
            .put("qcur", 0)
            .put("qmax", 0)
            .put("scur", s.active())
            .put("smax", s.activeMax())
            .put("stot", s.requests())
            .put("dresp", 0)
            .put("econ", s.connectErrors())
            .put("eresp", s.responseErrors())
            .put("wretr", s.retries())
            .put("wredis", s.redispatches())
            .put("status", s.status())
            .put("weight", effectiveWeight(s))
            .put("act", 1)
            .put("bck", 0)
            .put("chkdown", s.downs())
            .put("lastchg", s.lastChangeSeconds())
            .put("lbtot", s.requests())
            .put("rate", s.requestRate())
            .put("rate_max", s.requestRateMax())
            .put("hanafail", s.observeFailures())
            .put("req_tot", s.requests())
            .put("cli_abrt", error(s.errors(), ProxyErrorKind.CLIENT_ABORTED))
            .put("srv_abrt", error(s.errors(), ProxyErrorKind.RESPONSE_ABORTED))
            .put("uweight", s.weight())
            .put("bw_breaker", s.outlier() == null ? null : s.outlier().state());
    if (s.maxconn() > 0) {
      r.put("slim", s.maxconn());
    }
    if (s.throttle() < 100) {
      r.put("throttle", s.throttle());
    }
    if (s.checked()) {
      r.put("chkfail", s.checksFailed())
          .put("downtime", s.downtimeSeconds())
          .put("check_status", s.checkStatus())
          .put("check_duration", s.checkDurationMillis())
          .put("last_chk", s.checkDescription())
          .put("check_desc", checkDescription(s.checkStatus()))
          .put("check_rise", s.rise())
          .put("check_fall", s.fall())
          .put("check_health", s.health());
    }
    if (sensitive) {
      r.put("addr", s.address());
    }
    responses(r, s.responses());
    return r;
  }

  /** The weight the balancer uses now: the configured one, scaled down during slow start. */
  private static int effectiveWeight(StatsSnapshot.Server s) {
    return s.throttle() >= 100 ? s.weight() : (s.weight() * s.throttle() + 99) / 100;
  }

  private static String checkDescription(String status) {
    if (status == null) {
      return null;
    }
    try {
      return CheckStatus.valueOf(status).description();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
