package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only commands and their HAProxy formats. */
class RuntimeApiShowIT {
  @TempDir Path dir;
  private RuntimeFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private void requests(int n) throws Exception {
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      for (int i = 0; i < n; i++) {
        assertThat(c.get("/", "t").status()).isEqualTo(200);
      }
    }
  }

  /** {@code show stat} parsed back: rows keyed {@code pxname/svname}, cells by header name. */
  private Map<String, Map<String, String>> stat(String csv) {
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).startsWith("# ");
    List<String> header = StatCsvCells.of(lines.get(0).substring(2));
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = StatCsvCells.of(line);
      assertThat(cells).hasSameSizeAs(header);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      rows.put(cells.get(0) + "/" + cells.get(1), row);
    }
    return rows;
  }

  @Test
  void showStatHasHaproxysColumnsAndRowsThatAddUp() throws Exception {
    requests(3);
    assertThat(f.run(OPERATOR, "set server app/a weight 7")).isEmpty();
    Await.until(() -> "L7OK".equals(f.dp.stats().backends().get(1).servers().get(0).checkStatus()));
    String csv = f.run(USER, "show stat");
    List<String> header = StatCsvCells.of(csv.lines().findFirst().orElseThrow().substring(2));
    Map<String, Integer> expected =
        Map.of(
            "pxname",
            0,
            "svname",
            1,
            "scur",
            4,
            "stot",
            7,
            "status",
            17,
            "weight",
            18,
            "check_status",
            36,
            "hrsp_2xx",
            40);
    expected.forEach((name, pos) -> assertThat(header.get(pos)).isEqualTo(name));

    Map<String, Map<String, String>> rows = stat(csv);
    assertThat(rows.keySet())
        .containsExactly(
            "http/FRONTEND",
            "app/a",
            "app/b",
            "app/BACKEND",
            "checked/c",
            "checked/BACKEND",
            "junk/j",
            "junk/BACKEND");
    List<String> a = StatCsvCells.of(csv.lines().toList().get(2));
    assertThat(a.get(0)).isEqualTo("app");
    assertThat(a.get(1)).isEqualTo("a");
    assertThat(a.get(18)).isEqualTo("7");
    assertThat(a.get(32)).isEqualTo("2");
    Map<String, String> fe = rows.get("http/FRONTEND");
    assertThat(fe.get("type")).isEqualTo("0");
    assertThat(fe.get("status")).isEqualTo("OPEN");
    assertThat(fe.get("stot")).isEqualTo("1");
    assertThat(fe.get("req_tot")).isEqualTo("3");
    assertThat(fe.get("hrsp_2xx")).isEqualTo("3");
    assertThat(fe.get("weight")).isEmpty();
    Map<String, String> be = rows.get("app/BACKEND");
    assertThat(be.get("type")).isEqualTo("1");
    assertThat(be.get("status")).isEqualTo("UP");
    assertThat(be.get("stot")).isEqualTo("3");
    assertThat(be.get("hrsp_2xx")).isEqualTo("3");
    assertThat(be.get("weight")).isEqualTo("8");
    assertThat(be.get("act")).isEqualTo("2");
    assertThat(
            Long.parseLong(rows.get("app/a").get("stot"))
                + Long.parseLong(rows.get("app/b").get("stot")))
        .isEqualTo(3);
    assertThat(rows.get("app/a").get("status")).isEqualTo("no check");
    assertThat(rows.get("app/a").get("check_status")).isEmpty();
    Map<String, String> c = rows.get("checked/c");
    assertThat(c.get("status")).isEqualTo("UP");
    assertThat(c.get("check_status")).isEqualTo("L7OK");
    assertThat(c.get("check_desc")).isEqualTo("Layer7 check passed");
    assertThat(c.get("check_rise")).isEqualTo("1");
    // Addresses and algorithms are shown from operator level on, as HAProxy does.
    assertThat(rows.get("app/a").get("addr")).isEmpty();
    assertThat(be.get("algo")).isEmpty();
    Map<String, Map<String, String>> op = stat(f.run(OPERATOR, "show stat"));
    assertThat(op.get("app/a").get("addr")).isEqualTo("127.0.0.1:" + f.a.port());
    assertThat(op.get("app/BACKEND").get("algo")).isEqualTo("roundrobin");
  }

  @Test
  void showStatJsonHasTheSameRowsAsTypedObjects() throws Exception {
    requests(2);
    JsonNode rows = new ObjectMapper().readTree(f.run(USER, "show stat json"));
    assertThat(rows).hasSize(8);
    JsonNode be = rows.get(3);
    assertThat(be.get("pxname").asText()).isEqualTo("app");
    assertThat(be.get("svname").asText()).isEqualTo("BACKEND");
    assertThat(be.get("stot").asLong()).isEqualTo(2);
    assertThat(be.get("stot").isNumber()).isTrue();
    assertThat(rows.get(1).has("addr")).isFalse();
  }

  @Test
  void showInfoHasHaproxysNamesInHaproxysOrder() throws Exception {
    requests(1);
    String info = f.run(USER, "show info");
    List<String> names = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : info.lines().toList()) {
      int colon = line.indexOf(": ");
      names.add(line.substring(0, colon));
      values.put(line.substring(0, colon), line.substring(colon + 2));
    }
    assertThat(names)
        .containsSubsequence(
            "Name",
            "Version",
            "Nbthread",
            "Pid",
            "Uptime",
            "Uptime_sec",
            "Maxconn",
            "CurrConns",
            "CumConns",
            "CumReq",
            "SessRate",
            "Transport",
            "ConfigVersion");
    assertThat(values.get("Name")).isEqualTo("Breakwater");
    assertThat(values.get("Pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(values.get("Uptime")).matches("\\d+d \\d+h\\d\\dm\\d\\ds");
    assertThat(values.get("CumReq")).isEqualTo("1");
    assertThat(values.get("Maxconn")).isEqualTo("10000");
    assertThat(values.get("ConfigVersion")).isEqualTo("1");
    assertThat(values.get("Transport")).isEqualTo(f.dp.transport());
  }

  @Test
  void showServersStateIsHaproxysFormatOne() throws Exception {
    assertThat(f.run(OPERATOR, "set server app/b state maint")).isEmpty();
    assertThat(f.run(OPERATOR, "set server app/a weight 4")).isEmpty();
    Await.until(() -> "L7OK".equals(f.dp.stats().backends().get(1).servers().get(0).checkStatus()));
    List<String> lines = f.run(USER, "show servers state").lines().toList();
    assertThat(lines.get(0)).isEqualTo("1");
    assertThat(lines.get(1)).isEqualTo(ServersState.HEADER);
    int columns = lines.get(1).substring(2).split(" ").length;
    assertThat(lines).hasSize(2 + 4);
    String[] a = lines.get(2).split(" ");
    assertThat(a).hasSize(columns);
    assertThat(a)
        .startsWith("1", "app", "1", "a", "127.0.0.1", "2", "0", "4", "1")
        .contains(Integer.toString(f.a.port()));
    assertThat(a[18]).isEqualTo(Integer.toString(f.a.port())); // srv_port
    String[] b = lines.get(3).split(" ");
    assertThat(b[6]).isEqualTo("1"); // srv_admin_state: forced maintenance
    String[] c = lines.get(4).split(" ");
    assertThat(c[1]).isEqualTo("checked");
    assertThat(c[10]).isEqualTo("15"); // HCHK_STATUS_L7OK
    assertThat(c[11]).isEqualTo("3"); // CHK_RES_PASSED
    assertThat(c[13]).isEqualTo("6"); // configured and enabled

    assertThat(f.run(USER, "show servers state checked").lines()).hasSize(3);
    assertThat(f.run(USER, "show servers state nope")).isEqualTo("Can't find backend.\n");
  }

  @Test
  void showBackendListsNames() throws Exception {
    assertThat(f.run(USER, "show backend")).isEqualTo("# name\napp\nchecked\njunk\n");
  }

  @Test
  void showSessListsOpenClientConnections() throws Exception {
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
      String sess = f.run(USER, "show sess");
      assertThat(sess)
          .containsPattern(
              "(?m)^0x[0-9a-f]+: proto=tcp src=127\\.0\\.0\\.1:"
                  + c.localPort()
                  + " fe=http age=\\d+s$");
    }
  }

  @Test
  void showErrorsHasTheLastMalformedRequestsAndInvalidResponses() throws Exception {
    assertThat(f.run(OPERATOR, "show errors"))
        .startsWith("Total events captured on [")
        .endsWith(" : 0\n");
    int badClient;
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      badClient = c.localPort();
      assertThat(c.send("GET / HTTP/1.1\r\nHost: t\r\nno colon here\r\n\r\n").read().status())
          .isEqualTo(400);
    }
    int junkClient;
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      junkClient = c.localPort();
      assertThat(c.get("/junk", "t").status()).isEqualTo(502);
    }
    List<String> lines = f.run(OPERATOR, "show errors").lines().toList();
    assertThat(lines.get(0)).matches("Total events captured on \\[.+\\] : 2");
    assertThat(lines.get(1))
        .matches(
            "\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] frontend http: invalid request");
    assertThat(lines.get(2))
        .isEqualTo("  backend <NONE>, server <NONE>, event #1, src 127.0.0.1:" + badClient);
    assertThat(lines.get(3)).startsWith("  answered 400 (BAD_REQUEST): ");
    assertThat(lines.subList(4, 9))
        .containsExactly(
            "  len 42, error at position 27",
            "  00000  GET / HTTP/1.1\\r\\n",
            "  00016  Host: t\\r\\n",
            "  00025  no colon here\\r\\n",
            "  00040  \\r\\n");
    assertThat(lines.get(9)).endsWith("] backend junk: invalid response");
    assertThat(lines.get(10))
        .isEqualTo("  frontend http, server j, event #2, src 127.0.0.1:" + junkClient);
    assertThat(lines.get(11)).startsWith("  answered 502 (BAD_RESPONSE): ");
    assertThat(lines.subList(12, 15))
        .containsExactly(
            "  len 19, error at position 0", "  00000  NOT HTTP AT ALL\\r\\n", "  00017  \\r\\n");
  }

  @Test
  void showConfigIsTheRunningConfigAsJson() throws Exception {
    JsonNode config = new ObjectMapper().readTree(f.run(USER, "show config"));
    assertThat(config.get("backends").get(0).get("name").asText()).isEqualTo("app");
    assertThat(config.get("backends").get(1).get("healthCheck").get("path").asText())
        .isEqualTo("/healthz");
    assertThat(f.run(USER, "show config version")).isEqualTo("1\n");
    assertThat(f.run(OPERATOR, "set server app/a weight 2")).isEmpty();
    assertThat(f.run(USER, "show config version")).isEqualTo("2\n");
    assertThat(f.run(USER, "show config yaml")).isEqualTo("Usage: show config [version]\n");
  }

  @Test
  void helpListsEveryCommandWithItsLevel() throws Exception {
    String help = f.run(USER, "help");
    assertThat(help).startsWith("The following commands are valid:\n");
    for (String usage :
        List.of(
            "show stat [json]",
            "show servers state [<backend>]",
            "set server <backend>/<server> state ready|drain|maint",
            "add server <backend>/<server> <addr>:<port> [weight <w>] [maxconn <n>]",
            "set config <version> <json|yaml>",
            "prompt [i|p|n]")) {
      assertThat(help).contains("  " + usage + " ");
    }
    assertThat(help).containsPattern("del server <backend>/<server> +: .+ \\(admin\\)\n");
    assertThat(help).containsPattern("show errors +: .+ \\(operator\\)\n");
    assertThat(f.run(USER, "help show servers"))
        .isEqualTo(
            "The following commands are valid:\n"
                + "  show servers state [<backend>] : server states (HAProxy's format 1)\n");
    assertThat(f.run(ADMIN, "help frob")).isEqualTo("No command starts with 'frob'.\n");
  }
}
