package io.breakwater.dataplane.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code show stat}'s CSV and JSON: HAProxy's columns, order, row types and quoting. */
class StatCsvTest {

  static final StatsSnapshot.Responses RESPONSES = new StatsSnapshot.Responses(1, 20, 3, 4, 5, 6);

  static StatsSnapshot snapshot() {
    StatsSnapshot.Info info =
        new StatsSnapshot.Info("1.0", 42, 0, 3, 0, "nio", 2, 1, 100, 10, 2, 30, 0, 0);
    StatsSnapshot.Frontend fe =
        new StatsSnapshot.Frontend(
            "http",
            1,
            "127.0.0.1:80",
            1,
            5,
            10,
            2,
            4,
            30,
            3,
            6,
            1000,
            2000,
            7,
            RESPONSES,
            Map.of(ProxyErrorKind.DENIED, 4L),
            3);
    StatsSnapshot.Server up =
        new StatsSnapshot.Server(
            "s1",
            1,
            "10.0.0.1:80",
            "UP",
            "ready",
            true,
            true,
            true,
            true,
            8,
            100,
            2,
            4,
            10,
            25,
            1,
            3,
            1,
            2,
            3,
            4,
            50,
            6,
            1,
            12,
            9,
            "L7OK",
            3,
            "HTTP status 200",
            4,
            2,
            3,
            0,
            RESPONSES,
            Map.of(ProxyErrorKind.CLIENT_ABORTED, 2L),
            null);
    StatsSnapshot.Server odd =
        new StatsSnapshot.Server(
            "s,\"2\"",
            2,
            "[::1]:81",
            "no check",
            "ready",
            true,
            true,
            false,
            true,
            10,
            50,
            0,
            0,
            0,
            5,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            0,
            null,
            0,
            null,
            0,
            0,
            0,
            0,
            RESPONSES,
            Map.of(),
            new StatsSnapshot.Breaker("OPEN", 1, 2, 3, 4, 0, "CLOSED→OPEN (failures)"));
    StatsSnapshot.Backend be =
        new StatsSnapshot.Backend(
            "ns/app/80",
            1,
            "roundrobin",
            1,
            2,
            0,
            3,
            4,
            30,
            2,
            5,
            100,
            200,
            1,
            2,
            3,
            1,
            true,
            18,
            2,
            2,
            RESPONSES,
            Map.of(),
            null,
            false,
            0,
            0,
            0,
            7,
            0,
            0,
            new StatsSnapshot.Timings(1, 2, 3, 4, 5, 6, 7, 8),
            List.of(up, odd));
    return new StatsSnapshot(info, List.of(fe), List.of(be));
  }

  private static List<String> lines(String csv) {
    return csv.lines().toList();
  }

  /** A CSV line's cells, undoing HAProxy's quoting; the trailing comma's empty cell is dropped. */
  static List<String> cells(String line) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    assertThat(cell).as("every field is followed by a comma").isEmpty();
    return out;
  }

  @Test
  void theHeaderHasHaproxysColumnsAtHaproxysPositions() {
    List<String> header = cells(lines(StatCsv.render(snapshot())).get(0).substring(2));
    assertThat(lines(StatCsv.render(snapshot())).get(0)).startsWith("# pxname,svname,qcur,");
    assertThat(header.subList(0, 119)).isEqualTo(StatRows.HAPROXY_COLUMNS);
    assertThat(header.get(119)).isEqualTo("-");
    int[] positions = {0, 1, 4, 7, 17, 18, 36, 40, 44, 48, 73, 99, 118};
    String[] names = {
      "pxname",
      "svname",
      "scur",
      "stot",
      "status",
      "weight",
      "check_status",
      "hrsp_2xx",
      "hrsp_other",
      "req_tot",
      "addr",
      "uweight",
      "cache_hint_hits"
    };
    for (int i = 0; i < positions.length; i++) {
      assertThat(header.get(positions[i])).isEqualTo(names[i]);
    }
  }

  @Test
  void rowsAreFrontendsThenEachBackendsServersAndItsBackendRow() {
    List<String> lines = lines(StatCsv.render(snapshot()));
    assertThat(lines).hasSize(5);
    List<List<String>> rows = lines.subList(1, 5).stream().map(StatCsvTest::cells).toList();
    assertThat(rows.stream().map(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(32)))
        .containsExactly(
            "http/FRONTEND/0", "ns/app/80/s1/2", "ns/app/80/s,\"2\"/2", "ns/app/80/BACKEND/1");
    for (List<String> r : rows) {
      assertThat(r).hasSize(StatRows.COLUMNS.size());
    }
    List<String> fe = rows.get(0);
    assertThat(fe.get(4)).isEqualTo("1"); // scur
    assertThat(fe.get(7)).isEqualTo("10"); // stot
    assertThat(fe.get(17)).isEqualTo("OPEN");
    assertThat(fe.get(18)).isEmpty(); // weight: not a frontend's
    assertThat(fe.get(40)).isEqualTo("20");
    assertThat(fe.get(StatRows.COLUMNS.indexOf("dreq"))).isEqualTo("4"); // allow/deny lists
    assertThat(fe.get(StatRows.COLUMNS.indexOf("dcon"))).isEqualTo("3"); // maxconnPerClient
    List<String> s1 = rows.get(1);
    assertThat(s1.get(17)).isEqualTo("UP");
    assertThat(s1.get(18)).isEqualTo("8");
    assertThat(s1.get(36)).isEqualTo("L7OK");
    assertThat(s1.get(65)).isEqualTo("Layer7 check passed");
    assertThat(s1.get(49)).isEqualTo("2"); // cli_abrt
    assertThat(s1.get(73)).isEqualTo("10.0.0.1:80");
    List<String> odd = rows.get(2);
    assertThat(odd.get(17)).isEqualTo("no check");
    assertThat(odd.get(18)).isEqualTo("5"); // weight 10 at 50% slow start
    assertThat(odd.get(29)).isEqualTo("50"); // throttle
    assertThat(odd.get(36)).isEmpty(); // not checked
    assertThat(odd.get(StatRows.COLUMNS.indexOf("bw_breaker"))).isEqualTo("OPEN");
    List<String> be = rows.get(3);
    assertThat(be.get(17)).isEqualTo("UP");
    assertThat(be.get(18)).isEqualTo("18");
    assertThat(be.get(76)).isEqualTo("roundrobin");
    assertThat(be.get(61)).isEqualTo("7"); // ttime
  }

  @Test
  void cellsAreQuotedOnlyWhenTheyMustBe() {
    String csv = StatCsv.render(snapshot());
    assertThat(csv)
        .contains(",\"s,\"\"2\"\"\",")
        .contains(",no check,")
        .contains("\nns/app/80,BACKEND,");
    StringBuilder sb = new StringBuilder();
    StatCsv.appendCell(sb, " padded");
    assertThat(sb).hasToString("\" padded\"");
  }

  @Test
  void belowOperatorLevelAddressesAndAlgorithmsAreLeftOut() {
    String csv = StatCsv.render(snapshot(), false);
    assertThat(csv).doesNotContain("10.0.0.1:80").doesNotContain("roundrobin");
  }

  @Test
  void jsonHasTheSameRowsWithTypedValuesAndWithoutEmptyCells() throws Exception {
    String json = StatJson.render(snapshot());
    assertThat(json).doesNotContain("\n\n");
    JsonNode rows = new ObjectMapper().readTree(json);
    assertThat(rows).hasSize(4);
    JsonNode s1 = rows.get(1);
    assertThat(s1.get("svname").asText()).isEqualTo("s1");
    assertThat(s1.get("scur").isIntegralNumber()).isTrue();
    assertThat(s1.get("status").asText()).isEqualTo("UP");
    assertThat(rows.get(0).has("weight")).isFalse();
    assertThat(rows.get(0).has("-")).isFalse();
    assertThat(StatJson.render(new StatsSnapshot(snapshot().info(), List.of(), List.of())))
        .isEqualTo("[\n]");
    assertThat(Arrays.asList(StatRows.COLUMNS.toArray())).contains("bw_panic");
  }
}
