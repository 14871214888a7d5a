package io.breakwater.dataplane.accesslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code format: haproxy}: HAProxy's {@code option httplog} line, field for field, so that tools
 * written for it ({@code halog}, log parsers) read it:
 *
 * <pre>
 * 127.0.0.1:51234 [24/Nov/2026:07:11:39.123] web api/s1 0/0/1/5/6 200 1432 - - ---- -/-/-/-/0 0/0 "GET /x HTTP/1.1"
 * </pre>
 *
 * <p>That is {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc
 * %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r}. Timers are whole milliseconds, -1 for a phase that did not
 * happen; {@code %B} is the bytes sent to the client. Where Breakwater differs from HAProxy:
 *
 * <ul>
 *   <li>the date is in UTC, not the local zone;
 *   <li>the connection counts {@code actconn/feconn/beconn/srv_conn} are {@code -}: a record is
 *       formatted after the fact, on another thread, where those counts are no longer true; the
 *       queue sizes {@code srv_queue/backend_queue} are always {@code 0/0} for the same reason;
 *   <li>no captured cookies ({@code - -}); the one captured request header is the request id, as
 *       {@code {id}} before the request line, when the request has one; the last two characters of
 *       the termination state (persistence cookie flags) are always {@code --};
 *   <li>retries never carry HAProxy's {@code +} (redispatched) prefix, and TLS frontends no {@code
 *       ~} suffix.
 * </ul>
 *
 * <p>As in HAProxy, a request without a backend names its frontend as the backend and {@code
 * <NOSRV>} as the server. In the quoted request line, control characters, bytes above 126, {@code
 * "} and {@code #} are written {@code #XX} (hex) as HAProxy does, and so are spaces (which HAProxy
 * leaves alone), so that the line always splits into the same fields.
 */
final class HaproxyLineFormat implements LineFormat {
  static final String NO_SERVER = "<NOSRV>";

  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private long cachedSecond = Long.MIN_VALUE;
  private String cachedText = "";

  @Override
  public void append(AccessRecord r, StringBuilder sb) {
    sb.append(r.clientIp()).append(':').append(r.clientPort()).append(" [");
    appendDate(sb, r.startMillis());
    sb.append("] ").append(r.frontend()).append(' ');
    sb.append(r.backend() == null ? r.frontend() : r.backend()).append('/');
    sb.append(r.server() == null ? NO_SERVER : r.server()).append(' ');
    AccessRecord.Timers t = r.timers();
    millis(sb, t.tq()).append('/');
    millis(sb, t.tw()).append('/');
    millis(sb, t.tc()).append('/');
    millis(sb, t.tr()).append('/');
    millis(sb, t.ta()).append(' ');
    sb.append(r.status()).append(' ').append(r.bytesOut()).append(" - - ");
    sb.append(r.termination().code()).append("-- ");
    sb.append("-/-/-/-/").append(r.retries()).append(" 0/0 ");
    if (r.requestId() != null) {
      sb.append('{');
      escaped(sb, r.requestId());
      sb.append("} ");
    }
    sb.append('"');
    escaped(sb, r.method());
    sb.append(' ');
    escaped(sb, r.uri());
    sb.append(' ');
    escaped(sb, r.protocol());
    sb.append('"');
  }

  private static StringBuilder millis(StringBuilder sb, long nanos) {
    return sb.append(nanos < 0 ? -1 : nanos / 1_000_000);
  }

  private void appendDate(StringBuilder sb, long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1_000);
    if (second != cachedSecond) {
      cachedText = SECOND.format(Instant.ofEpochSecond(second));
      cachedSecond = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1_000);
    sb.append(cachedText)
        .append('.')
        .append((char) ('0' + millis / 100))
        .append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10));
  }

  /** HAProxy's request-line encoding, plus spaces: {@code #XX} for what would break the field. */
  static void escaped(StringBuilder sb, String s) {
    int n = s.length();
    int clean = 0;
    while (clean < n && isPlain(s.charAt(clean))) {
      clean++;
    }
    if (clean == n) {
      sb.append(s); // nearly always: the whole string, copied in bulk
      return;
    }
    sb.append(s, 0, clean);
    for (int i = clean; i < n; i++) {
      char c = s.charAt(i);
      if (isPlain(c)) {
        sb.append(c);
      } else if (c < 0x80) {
        hex(sb, c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          hex(sb, b & 0xff);
        }
        i = end - 1;
      }
    }
  }

  private static boolean isPlain(char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '#';
  }

  private static void hex(StringBuilder sb, int b) {
    sb.append('#').append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }
}
