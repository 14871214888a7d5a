package io.breakwater.dataplane.statspage;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatsSnapshot;
import java.time.Instant;
import java.util.Map;

/**
 * Renders the stats page: process information, a colour legend, then a table per frontend and per
 * backend with HAProxy's column groups (Queue, Session rate, Sessions, Bytes, Denied, Errors,
 * Warnings, Server). Every name and text from the snapshot is HTML-escaped.
 */
final class StatsHtml {

  /**
   * How to render.
   *
   * @param refreshSeconds auto-refresh interval; 0 for none
   * @param admin whether to show the admin form (the caller has checked the credentials)
   * @param banner the result of the last admin action, or null
   */
  record Options(long refreshSeconds, boolean admin, String banner) {}

  private static final String STYLE =
      """
      body { font-family: arial, helvetica, sans-serif; font-size: 12px; color: black; }
      table.tbl { border-collapse: collapse; border: 1px solid gray; margin-bottom: 1em; }
      table.tbl td, table.tbl th { border: 1px solid gray; padding: 1px 4px; text-align: right; }
      table.tbl th { background: #b0b0ff; }
      th.pxname { background: #b00040 !important; color: #ffff40; text-align: left !important; }
      td.name { text-align: left !important; }
      tr.frontend, tr.backend { background: #e8e8d0; font-weight: bold; }
      tr.up { background: #c0ffc0; } tr.going_down { background: #ffffa0; }
      tr.going_up { background: #ffd020; } tr.down { background: #ff9090; }
      tr.maint { background: #c07820; } tr.drain { background: #20a0ff; }
      tr.no_check { background: #e0e0e0; }
      table.legend td { padding: 1px 6px; }
      div.banner { background: #c0ffc0; border: 1px solid green; padding: 4px; margin: 4px 0; }
      """;

  private StatsHtml() {}

  static String render(StatsSnapshot s, Options o) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    if (o.refreshSeconds() > 0) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(o.refreshSeconds()).append("\">");
    }
    h.append("<title>Breakwater statistics</title><style>").append(STYLE).append("</style>");
    h.append("</head><body>\n<h1>Breakwater statistics report</h1>\n");
    info(h, s.info(), o);
    if (o.banner() != null) {
      h.append("<div class=\"banner\">").append(esc(o.banner())).append("</div>\n");
    }
    for (StatsSnapshot.Frontend f : s.frontends()) {
      frontend(h, f);
    }
    for (StatsSnapshot.Backend b : s.backends()) {
      backend(h, b, o.admin());
    }
    return h.append("</body></html>\n").toString();
  }

  private static void info(StringBuilder h, StatsSnapshot.Info i, Options o) {
    long uptime = Math.max(0, (System.currentTimeMillis() - i.startedAtMillis()) / 1000);
    h.append("<h2>General process information</h2>\n<table><tr><td><p>");
    h.append("pid = ").append(i.pid()).append(" (version ").append(esc(i.version()));
    h.append(", transport ").append(esc(i.transport())).append(", workers ").append(i.workers());
    h.append(")<br>uptime = ").append(duration(uptime));
    h.append("<br>current conns = ").append(i.connections()).append("; maxconn = ");
    h.append(i.maxconn()).append("; conns total = ").append(i.connectionsTotal());
    h.append("<br>conn rate = ").append(i.sessionRate()).append("/sec; requests total = ");
    h.append(i.requestsTotal()).append("<br>config version = ").append(i.configVersion());
    h.append(", applied ").append(esc(Instant.ofEpochMilli(i.configAppliedAtMillis()).toString()));
    h.append("</p></td><td>");
    h.append("<table class=\"legend\">");
    h.append("<tr class=\"up\"><td>active UP</td></tr>");
    h.append("<tr class=\"going_down\"><td>active UP, going down</td></tr>");
    h.append("<tr class=\"going_up\"><td>active DOWN, going up</td></tr>");
    h.append("<tr class=\"down\"><td>active DOWN</td></tr>");
    h.append("<tr class=\"no_check\"><td>not checked</td></tr>");
    h.append("<tr class=\"maint\"><td>DOWN for maintenance (MAINT)</td></tr>");
    h.append("<tr class=\"drain\"><td>DRAIN: UP, no new requests</td></tr>");
    h.append("</table></td><td><ul>");
    h.append("<li><a href=\"/stats\">Refresh now</a></li>");
    h.append(
        o.refreshSeconds() > 0
            ? "<li><a href=\"/stats;norefresh\">Stop refresh</a></li>"
            : "<li><a href=\"/stats\">Refresh automatically</a></li>");
    h.append("<li><a href=\"/stats;csv\">CSV export</a></li>");
    h.append("<li><a href=\"/stats;json\">JSON export</a></li>");
    h.append("</ul></td></tr></table>\n");
  }

  private static void header(StringBuilder h, String title, boolean admin) {
    h.append("<table class=\"tbl\">\n<tr><th class=\"pxname\" colspan=\"")
        .append(admin ? 28 : 27)
        .append("\">")
        .append(title)
        .append("</th></tr>\n<tr>");
    if (admin) {
      h.append("<th rowspan=\"2\"></th>");
    }
    h.append(
        "<th rowspan=\"2\"></th><th colspan=\"3\">Queue</th><th colspan=\"2\">Session rate</th>");
    h.append("<th colspan=\"4\">Sessions</th><th colspan=\"2\">Bytes</th><th>Denied</th>");
    h.append("<th colspan=\"3\">Errors</th><th colspan=\"2\">Warnings</th>");
    h.append("<th colspan=\"9\">Server</th></tr>\n<tr>");
    for (String c :
        new String[] {
          "Cur", "Max", "Limit", "Cur", "Max", "Cur", "Max", "Limit", "Total", "In", "Out", "Req",
          "Req", "Conn", "Resp", "Retr", "Redis", "Status", "LastChk", "Wght", "Act", "Breaker",
          "Chk", "Dwn", "Dwntme", "Thrtle"
        }) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("</tr>\n");
  }

  private static void frontend(StringBuilder h, StatsSnapshot.Frontend f) {
    header(h, esc(f.name()) + " <small>(" + esc(f.listen()) + ")</small>", false);
    row(
        h,
        "frontend",
        null,
        "Frontend",
        "",
        "",
        "",
        f.sessionRate(),
        f.sessionRateMax(),
        f.connections(),
        f.connectionsMax(),
        "",
        titled(f.connectionsTotal(), responses(f.responses()) + ", requests: " + f.requests()),
        f.bytesIn(),
        f.bytesOut(),
        denied(f.errors()),
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
        "");
    h.append("</table>\n");
  }

  private static void backend(StringBuilder h, StatsSnapshot.Backend b, boolean admin) {
    if (admin) {
      h.append("<form method=\"post\" action=\"/stats\"><input type=\"hidden\" name=\"b\" value=\"")
          .append(esc(b.name()))
          .append("\">\n");
    }
    header(h, esc(b.name()), admin);
    for (StatsSnapshot.Server v : b.servers()) {
      String checkbox =
          admin ? "<input type=\"checkbox\" name=\"s\" value=\"" + esc(v.name()) + "\">" : null;
      Object lastChk =
          v.checkStatus() == null
              ? ""
              : titled(
                  v.checkStatus() + " in " + v.checkDurationMillis() + "ms", v.checkDescription());
      row(
          h,
          rowClass(v.status()),
          checkbox,
          v.name(),
          "",
          "",
          "",
          v.requestRate(),
          v.requestRateMax(),
          v.active(),
          v.activeMax(),
          v.maxconn() == 0 ? "" : v.maxconn(),
          titled(v.requests(), responses(v.responses())),
          "",
          "",
          "",
          "",
          v.connectErrors(),
          v.responseErrors(),
          v.retries(),
          v.redispatches(),
          titled(
              // Without checks there is no UP/DOWN change to date.
              v.checked() ? v.status() + " " + duration(v.lastChangeSeconds()) : v.status(),
              "admin state: " + v.adminState() + ", health " + v.health() + "/" + v.rise()),
          lastChk,
          v.weight(),
          v.eligible() ? "Y" : "-",
          v.outlier() == null ? "-" : v.outlier().state(),
          v.checksFailed(),
          v.downs(),
          duration(v.downtimeSeconds()),
          v.throttle() < 100 ? v.throttle() + " %" : "-");
    }
    StatsSnapshot.Timings t = b.timings();
    String times =
        String.format(
            "avg/max ms: queue %d/%d, connect %d/%d, response %d/%d, total %d/%d",
            t.queueAvg(),
            t.queueMax(),
            t.connectAvg(),
            t.connectMax(),
            t.responseAvg(),
            t.responseMax(),
            t.totalAvg(),
            t.totalMax());
    row(
        h,
        b.up() ? "backend" : "down",
        admin ? "" : null,
        "Backend",
        b.queued(),
        b.queuedMax(),
        b.maxqueue() == 0 ? "" : b.maxqueue(),
        b.requestRate(),
        b.requestRateMax(),
        b.active(),
        b.activeMax(),
        "",
        titled(b.requests(), responses(b.responses()) + "; " + times),
        b.bytesIn(),
        b.bytesOut(),
        denied(b.errors()),
        "",
        b.connectErrors(),
        b.responseErrors(),
        b.retries(),
        b.redispatches(),
        (b.up() ? "UP" : "DOWN") + (b.panic() ? " PANIC" : ""),
        "",
        b.weight(),
        b.activeServers(),
        b.breaker() == null ? "-" : b.breaker().state(),
        "",
        "",
        "",
        "");
    h.append("</table>\n");
    if (admin) {
      h.append("Choose the action to perform on the checked servers: <select name=\"action\">");
      h.append("<option value=\"ready\">Set state to READY</option>");
      h.append("<option value=\"drain\">Set state to DRAIN</option>");
      h.append("<option value=\"maint\">Set state to MAINT</option>");
      h.append("</select> <input type=\"submit\" value=\"Apply\"></form>\n");
    }
  }

  /** One row. Cells are escaped unless they are {@link Raw} (already-escaped markup built here). */
  private static void row(
      StringBuilder h, String cls, String checkbox, String name, Object... cells) {
    h.append("<tr class=\"").append(cls).append("\">");
    if (checkbox != null) {
      h.append("<td>").append(checkbox).append("</td>");
    }
    h.append("<td class=\"name\">").append(esc(name)).append("</td>");
    for (Object c : cells) {
      h.append("<td>")
          .append(c instanceof Raw r ? r.html() : esc(String.valueOf(c)))
          .append("</td>");
    }
    h.append("</tr>\n");
  }

  /** Markup that is already escaped. */
  private record Raw(String html) {}

  /** A value with a tooltip; both escaped. */
  private static Raw titled(Object value, String title) {
    if (title == null || title.isEmpty()) {
      return new Raw(esc(String.valueOf(value)));
    }
    return new Raw(
        "<span title=\"" + esc(title) + "\"><u>" + esc(String.valueOf(value)) + "</u></span>");
  }

  private static String responses(StatsSnapshot.Responses r) {
    return "1xx: "
        + r.c1xx()
        + ", 2xx: "
        + r.c2xx()
        + ", 3xx: "
        + r.c3xx()
        + ", 4xx: "
        + r.c4xx()
        + ", 5xx: "
        + r.c5xx()
        + ", other: "
        + r.other();
  }

  /** Requests refused by policy: over a limit or while the breaker is open. */
  private static long denied(Map<ProxyErrorKind, Long> errors) {
    return errors.getOrDefault(ProxyErrorKind.OVERLOADED, 0L)
        + errors.getOrDefault(ProxyErrorKind.CIRCUIT_OPEN, 0L);
  }

  /** The row colour of a server's status text (see {@code StatsSnapshot.Server#status}). */
  static String rowClass(String status) {
    if (status.equals("MAINT")) {
      return "maint";
    }
    if (status.equals("DRAIN")) {
      return "drain";
    }
    if (status.equals("no check")) {
      return "no_check";
    }
    if (status.startsWith("UP ")) {
      return "going_down";
    }
    if (status.equals("UP")) {
      return "up";
    }
    return status.startsWith("DOWN ") ? "going_up" : "down";
  }

  /** {@code 3d4h}, {@code 2h5m}, {@code 4m10s}, {@code 12s}. */
  static String duration(long seconds) {
    long d = seconds / 86_400;
    long hr = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    if (d > 0) {
      return d + "d" + hr + "h";
    }
    if (hr > 0) {
      return hr + "h" + m + "m";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (r != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (r != null) {
          out.append(r);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }
}
