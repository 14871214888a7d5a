package io.breakwater.dataplane.accesslog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code format: json}: one JSON object per line, fields always present and always in this order:
 *
 * <pre>
 * time            ISO-8601 UTC with milliseconds, when the request's first byte arrived
 * client_ip       string
 * client_port     number
 * frontend        string
 * backend         string, or null when no backend was chosen
 * server          string, or null when no server was used
 * method          string, as received
 * uri             string, as received
 * protocol        string, e.g. "HTTP/1.1"
 * status          number, -1 when no response was sent
 * bytes_received  number, bytes read from the client
 * bytes_sent      number, bytes written to the client
 * tq_ms tw_ms tc_ms tr_ms ta_ms
 *                 numbers, milliseconds with microsecond decimals (HAProxy's TR/Tw/Tc/Tr/Ta);
 *                 -1 for a phase that did not happen
 * retries         number
 * termination     string, HAProxy's two-character termination state, e.g. "--" or "sH"
 * request_id      string, the request's id (received or generated); only when it has one
 * </pre>
 */
final class JsonLineFormat implements LineFormat {
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private long cachedSecond = Long.MIN_VALUE;
  private String cachedText = "";

  @Override
  public void append(AccessRecord r, StringBuilder sb) {
    sb.append("{\"time\":\"");
    appendTime(sb, r.startMillis());
    sb.append("\",\"client_ip\":");
    string(sb, r.clientIp());
    sb.append(",\"client_port\":").append(r.clientPort());
    sb.append(",\"frontend\":");
    string(sb, r.frontend());
    sb.append(",\"backend\":");
    string(sb, r.backend());
    sb.append(",\"server\":");
    string(sb, r.server());
    sb.append(",\"method\":");
    string(sb, r.method());
    sb.append(",\"uri\":");
    string(sb, r.uri());
    sb.append(",\"protocol\":");
    string(sb, r.protocol());
    sb.append(",\"status\":").append(r.status());
    sb.append(",\"bytes_received\":").append(r.bytesIn());
    sb.append(",\"bytes_sent\":").append(r.bytesOut());
    AccessRecord.Timers t = r.timers();
    sb.append(",\"tq_ms\":");
    LineFormat.appendMillis(sb, t.tq());
    sb.append(",\"tw_ms\":");
    LineFormat.appendMillis(sb, t.tw());
    sb.append(",\"tc_ms\":");
    LineFormat.appendMillis(sb, t.tc());
    sb.append(",\"tr_ms\":");
    LineFormat.appendMillis(sb, t.tr());
    sb.append(",\"ta_ms\":");
    LineFormat.appendMillis(sb, t.ta());
    sb.append(",\"retries\":").append(r.retries());
    sb.append(",\"termination\":\"").append(r.termination().code()).append('"');
    if (r.requestId() != null) {
      sb.append(",\"request_id\":");
      string(sb, r.requestId());
    }
    sb.append('}');
  }

  private void appendTime(StringBuilder sb, long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1_000);
    if (second != cachedSecond) {
      cachedText = SECOND.format(Instant.ofEpochSecond(second));
      cachedSecond = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1_000);
    sb.append(cachedText).append('.');
    sb.append((char) ('0' + millis / 100))
        .append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10))
        .append('Z');
  }

  /** A JSON string (RFC 8259 §7), or null. */
  static void string(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          // Control characters must be escaped; U+2028/9 too, so a line can be pasted into JS.
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append("\\u")
                .append(HEX[c >> 12 & 0xf])
                .append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
