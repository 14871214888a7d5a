package io.breakwater.dataplane.stats;

/**
 * The stats snapshot as HAProxy's {@code show stat} CSV (the stats page's {@code ;csv}).
 *
 * <p>TEMPORARY placeholder: the real renderer with all of HAProxy's columns, written in parallel,
 * replaces this file at merge. This one writes the first columns only ({@code pxname} to {@code
 * type}), one line per frontend, server and backend.
 */
public final class StatCsv {
  private static final String HEADER =
      "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,"
          + "wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,"
          + "throttle,lbtot,tracked,type,\n";

  private StatCsv() {}

  public static String render(StatsSnapshot s) {
    StringBuilder out = new StringBuilder(HEADER);
    long pid = s.info().pid();
    for (StatsSnapshot.Frontend f : s.frontends()) {
      row(
          out,
          f.name(),
          "FRONTEND",
          "",
          "",
          f.connections(),
          f.connectionsMax(),
          "",
          f.connectionsTotal(),
          f.bytesIn(),
          f.bytesOut(),
          "",
          "",
          f.requestErrors(),
          "",
          "",
          "",
          "",
          "OPEN",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          pid,
          f.id(),
          0,
          "",
          "",
          "",
          0);
    }
    for (StatsSnapshot.Backend b : s.backends()) {
      for (StatsSnapshot.Server v : b.servers()) {
        row(
            out,
            b.name(),
            v.name(),
            "",
            "",
            v.active(),
            v.activeMax(),
            v.maxconn() == 0 ? "" : v.maxconn(),
            v.requests(),
            "",
            "",
            "",
            "",
            "",
            v.connectErrors(),
            v.responseErrors(),
            v.retries(),
            v.redispatches(),
            v.status(),
            v.weight(),
            v.eligible() ? 1 : 0,
            0,
            v.checksFailed(),
            v.downs(),
            v.lastChangeSeconds(),
            v.downtimeSeconds(),
            "",
            pid,
            b.id(),
            v.id(),
            v.throttle(),
            v.requests(),
            "",
            2);
      }
      row(
          out,
          b.name(),
          "BACKEND",
          b.queued(),
          b.queuedMax(),
          b.active(),
          b.activeMax(),
          "",
          b.requests(),
          b.bytesIn(),
          b.bytesOut(),
          "",
          "",
          "",
          b.connectErrors(),
          b.responseErrors(),
          b.retries(),
          b.redispatches(),
          b.up() ? "UP" : "DOWN",
          b.weight(),
          b.activeServers(),
          0,
          "",
          "",
          "",
          "",
          "",
          pid,
          b.id(),
          0,
          "",
          b.requests(),
          "",
          1);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Object... cells) {
    for (Object c : cells) {
      out.append(quote(String.valueOf(c))).append(',');
    }
    out.append('\n');
  }

  private static String quote(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
