package io.breakwater.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.config.AccessLog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** HAProxy's {@code option httplog} line, as {@code docs/access-log.md} describes it. */
  static final Pattern HAPROXY =
      Pattern.compile(
          "^(?<client>\\S+):(?<port>\\d+)"
              + " \\[(?<date>\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\.\\d{3})]"
              + " (?<frontend>\\S+) (?<backend>\\S+)/(?<server>\\S+)"
              + " (?<tq>-1|\\d+)/(?<tw>-1|\\d+)/(?<tc>-1|\\d+)/(?<tr>-1|\\d+)/(?<ta>\\d+)"
              + " (?<status>-1|\\d{3}) (?<bytes>\\d+) - -"
              + " (?<ts>[-CSPRcs][RQCHD-]--)"
              + " -/-/-/-/(?<retries>\\d+) 0/0"
              + " \"(?<method>[^ \"]+) (?<uri>[^ \"]+) (?<protocol>[^ \"]+)\"$");

  private static String line(AccessLog.Format format, AccessRecord r) {
    StringBuilder sb = new StringBuilder();
    LineFormat.of(format).append(r, sb);
    return sb.toString();
  }

  @Test
  void jsonHasEveryFieldInItsDocumentedOrder() throws Exception {
    JsonNode n = JSON.readTree(line(AccessLog.Format.JSON, Records.ok("/a?b=c")));
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "time",
            "client_ip",
            "client_port",
            "frontend",
            "backend",
            "server",
            "method",
            "uri",
            "protocol",
            "status",
            "bytes_received",
            "bytes_sent",
            "tq_ms",
            "tw_ms",
            "tc_ms",
            "tr_ms",
            "ta_ms",
            "retries",
            "termination");
    assertThat(n.get("time").asText()).isEqualTo("2026-11-24T07:11:39.123Z");
    assertThat(n.get("client_ip").asText()).isEqualTo("192.0.2.7");
    assertThat(n.get("client_port").asInt()).isEqualTo(51234);
    assertThat(n.get("backend").asText()).isEqualTo("api");
    assertThat(n.get("server").asText()).isEqualTo("s1");
    assertThat(n.get("uri").asText()).isEqualTo("/a?b=c");
    assertThat(n.get("status").asInt()).isEqualTo(200);
    assertThat(n.get("bytes_received").asLong()).isEqualTo(321);
    assertThat(n.get("bytes_sent").asLong()).isEqualTo(1432);
    assertThat(n.get("tq_ms").decimalValue()).isEqualByComparingTo("0.120");
    assertThat(n.get("tw_ms").decimalValue()).isEqualByComparingTo("0");
    assertThat(n.get("tc_ms").decimalValue()).isEqualByComparingTo("1.234");
    assertThat(n.get("ta_ms").decimalValue()).isEqualByComparingTo("6.789");
    assertThat(n.get("termination").asText()).isEqualTo("--");
  }

  @Test
  void jsonWritesAbsentValuesAsNullAndMinusOne() throws Exception {
    JsonNode n = JSON.readTree(line(AccessLog.Format.JSON, Records.noBackend()));
    assertThat(n.get("backend").isNull()).isTrue();
    assertThat(n.get("server").isNull()).isTrue();
    assertThat(n.get("tw_ms").asInt()).isEqualTo(-1);
    assertThat(n.get("tr_ms").asInt()).isEqualTo(-1);
    assertThat(n.get("termination").asText()).isEqualTo("PR");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/q?\"quoted\"",
        "/back\\slash",
        "/tab\tand\r\nnewline",
        "/ctl\u0001\u001f",
        "/caf\u00e9/\ud83d\ude00",
        "/line\u2028sep"
      })
  void jsonKeepsAnyUriIntactOnOneLine(String uri) throws Exception {
    String l = line(AccessLog.Format.JSON, Records.ok(uri));
    assertThat(l).doesNotContain("\n", "\r", "\u2028");
    assertThat(JSON.readTree(l).get("uri").asText()).isEqualTo(uri);
  }

  @Test
  void haproxyLineIsHaproxysHttpLogFormat() {
    assertThat(line(AccessLog.Format.HAPROXY, Records.ok("/a?b=c")))
        .isEqualTo(
            "192.0.2.7:51234 [24/Nov/2026:07:11:39.123] web api/s1 0/0/1/5/6 200 1432 - - ----"
                + " -/-/-/-/0 0/0 \"GET /a?b=c HTTP/1.1\"");
  }

  @Test
  void haproxyNamesTheFrontendAndNosrvWhenNoBackendWasChosen() {
    String l = line(AccessLog.Format.HAPROXY, Records.noBackend());
    Matcher m = HAPROXY.matcher(l);
    assertThat(m.matches()).as(l).isTrue();
    assertThat(m.group("client")).isEqualTo("2001:db8::1");
    assertThat(m.group("backend")).isEqualTo("web");
    assertThat(m.group("server")).isEqualTo("<NOSRV>");
    assertThat(m.group("tq") + "/" + m.group("tw") + "/" + m.group("tc") + "/" + m.group("tr"))
        .isEqualTo("0/-1/-1/-1");
    assertThat(m.group("ts")).isEqualTo("PR--");
  }

  @Test
  void haproxyWritesMissingStatusAndRetries() {
    AccessRecord base = Records.ok("/slow");
    AccessRecord r =
        new AccessRecord(
            base.startMillis(),
            base.clientIp(),
            base.clientPort(),
            base.frontend(),
            base.backend(),
            base.server(),
            base.method(),
            base.uri(),
            base.protocol(),
            -1,
            base.bytesIn(),
            0,
            new AccessRecord.Timers(1_000_000, 0, 2_000_000, -1, 30_000_000_000L),
            2,
            Termination.parse("CH"));
    Matcher m = HAPROXY.matcher(line(AccessLog.Format.HAPROXY, r));
    assertThat(m.matches()).isTrue();
    assertThat(m.group("status")).isEqualTo("-1");
    assertThat(m.group("ta")).isEqualTo("30000");
    assertThat(m.group("tr")).isEqualTo("-1");
    assertThat(m.group("retries")).isEqualTo("2");
    assertThat(m.group("ts")).isEqualTo("CH--");
  }

  @Test
  void haproxyEscapesWhatWouldBreakTheQuotedRequest() {
    String l = line(AccessLog.Format.HAPROXY, Records.ok("/a\"b#c d\u0001\u00e9"));
    assertThat(l).endsWith("\"GET /a#22b#23c#20d#01#C3#A9 HTTP/1.1\"");
    assertThat(HAPROXY.matcher(l).matches()).isTrue();
  }

  @Test
  void millisecondsKeepThreeDecimals() {
    StringBuilder sb = new StringBuilder();
    for (long nanos : new long[] {-1, 0, 999, 1_000, 12_345_678, 1_000_000_000}) {
      LineFormat.appendMillis(sb, nanos);
      sb.append(' ');
    }
    assertThat(sb).hasToString("-1 0.000 0.000 0.001 12.345 1000.000 ");
  }

  @Test
  void theDateFollowsTheRecordAcrossSeconds() {
    LineFormat f = LineFormat.of(AccessLog.Format.HAPROXY);
    AccessRecord a = Records.ok("/");
    AccessRecord b =
        new AccessRecord(
            Records.START + 1_000,
            a.clientIp(),
            a.clientPort(),
            a.frontend(),
            a.backend(),
            a.server(),
            a.method(),
            a.uri(),
            a.protocol(),
            a.status(),
            a.bytesIn(),
            a.bytesOut(),
            a.timers(),
            a.retries(),
            a.termination());
    StringBuilder sb = new StringBuilder();
    f.append(a, sb);
    f.append(b, sb);
    f.append(a, sb);
    assertThat(sb.toString())
        .contains("[24/Nov/2026:07:11:39.123]")
        .contains("[24/Nov/2026:07:11:40.123]");
    assertThat(sb.toString().indexOf("07:11:39.123"))
        .isNotEqualTo(sb.toString().lastIndexOf("07:11:39.123"));
  }
}
