package io.breakwater.dataplane.statspage;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.StatsPage;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stats listener over real sockets, started as the integrator will start it. */
class StatsServerIT {
  private static final String EVIL = "<script>alert(1)</script>";

  private EchoServer echo;
  private Dataplane dp;
  private StatsServer stats;

  @BeforeEach
  void startDataplane() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterEach
  void stop() {
    if (stats != null) {
      stats.close();
    }
    if (dp != null) {
      dp.close();
    }
    echo.close();
  }

  /** A dataplane with backends {@code app} (servers a, b) and {@code EVIL} (server EVIL). */
  private void start(String user, String password, boolean admin) {
    Config base =
        TestConfig.create()
            .backend("app", server("a", echo.port()), server("b", echo.port()))
            .backend(EVIL.replace(" ", ""), server(EVIL.replace(" ", "") + "&\"'", echo.port()))
            .build();
    StatsPage page =
        new StatsPage(new HostPort("127.0.0.1", 0), Duration.ofSeconds(7), user, password, admin);
    dp =
        Dataplane.start(
            new Config(
                base.global().withInterfaces(List.of(), page, null, AccessLog.OFF),
                base.defaults(),
                base.frontends(),
                base.backends()));
    stats = StatsServer.start(dp, dp.config().global().stats());
  }

  private RawHttp.Response get(String path, String authorization) throws Exception {
    try (RawHttp c = RawHttp.connect(stats.port())) {
      c.send(
          "GET "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "\r\n");
      return c.read();
    }
  }

  private RawHttp.Response post(String form, String authorization, String origin) throws Exception {
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    try (RawHttp c = RawHttp.connect(stats.port())) {
      c.send(
          "POST /stats HTTP/1.1\r\nHost: localhost:"
              + stats.port()
              + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
              + body.length
              + "\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + (origin == null ? "" : "Origin: " + origin + "\r\n")
              + "\r\n"
              + form);
      return c.read();
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void thePageShowsEveryFrontendBackendAndServerEscaped() throws Exception {
    start(null, null, false);
    RawHttp.Response r = get("/stats", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("text/html; charset=utf-8");
    String html = r.text();
    assertThat(html)
        .contains("<meta http-equiv=\"refresh\" content=\"7\">")
        .contains(">http <small>")
        .contains(">app</th>")
        .contains("<td class=\"name\">a</td>")
        .contains("<td class=\"name\">b</td>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;")
        .doesNotContain("<script>")
        .contains("Queue", "Session rate", "Sessions", "Bytes", "Denied", "Errors", "Warnings")
        .contains("Status", "LastChk", "Wght", "Act", "Breaker", "Dwntme", "Thrtle")
        .contains("<tr class=\"no_check\">")
        .doesNotContain("<form");
    assertThat(get("/stats;norefresh", null).text()).doesNotContain("http-equiv=\"refresh\"");
  }

  @Test
  void serverRowsAreColouredByState() throws Exception {
    start(null, null, false);
    dp.setAdminState("app", "a", AdminState.MAINT);
    dp.setAdminState("app", "b", AdminState.DRAIN);
    String html = get("/stats", null).text();
    assertThat(html)
        .contains("<tr class=\"maint\"><td class=\"name\">a</td>")
        .contains("<tr class=\"drain\"><td class=\"name\">b</td>");
    assertThat(StatsHtml.rowClass("UP")).isEqualTo("up");
    assertThat(StatsHtml.rowClass("UP 2/3")).isEqualTo("going_down");
    assertThat(StatsHtml.rowClass("DOWN 1/2")).isEqualTo("going_up");
    assertThat(StatsHtml.rowClass("DOWN")).isEqualTo("down");
  }

  @Test
  void csvAndJsonExportTheSameSnapshot() throws Exception {
    start(null, null, false);
    RawHttp.Response csv = get("/stats;csv", null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("content-type")).startsWith("text/csv");
    assertThat(csv.text())
        .startsWith("# pxname,svname,")
        .contains("\napp,a,")
        .contains("app,BACKEND");
    RawHttp.Response json = get("/stats;json", null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("content-type")).isEqualTo("application/json");
    assertThat(json.text()).contains("\"app\"");
  }

  @Test
  void basicAuthGuardsTheStatsButNotProbesOrMetrics() throws Exception {
    start("admin", "s3cret", false);
    RawHttp.Response denied = get("/stats", null);
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.header("www-authenticate"))
        .startsWith("Basic realm=\"Breakwater Statistics\"");
    assertThat(get("/stats", basic("admin", "wrong")).status()).isEqualTo(401);
    assertThat(get("/stats;csv", null).status()).isEqualTo(401);
    assertThat(get("/stats;json", basic("other", "s3cret")).status()).isEqualTo(401);
    assertThat(get("/stats", basic("admin", "s3cret")).status()).isEqualTo(200);
    assertThat(get("/stats;csv", basic("admin", "s3cret")).status()).isEqualTo(200);
    assertThat(get("/metrics", null).status()).isEqualTo(200);
    assertThat(get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void adminPostSetsTheCheckedServersState() throws Exception {
    start("admin", "s3cret", true);
    String auth = basic("admin", "s3cret");
    assertThat(get("/stats", auth).text())
        .contains("<form method=\"post\" action=\"/stats\">")
        .contains("name=\"s\" value=\"a\"");

    RawHttp.Response r = post("b=app&s=a&s=b&action=maint", auth, null);
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("location")).isEqualTo("/stats?st=done");
    assertThat(dp.server("app", "a").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(dp.server("app", "b").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(get("/stats?st=done", auth).text()).contains("Action processed successfully.");

    post("b=app&s=b&action=drain", auth, "http://localhost:" + stats.port());
    assertThat(dp.server("app", "b").adminState()).isEqualTo(AdminState.DRAIN);
    assertThat(post("b=app&s=nope&action=ready", auth, null).header("location"))
        .isEqualTo("/stats?st=unknown");
    assertThat(post("b=app&s=a&action=explode", auth, null).header("location"))
        .isEqualTo("/stats?st=badaction");
  }

  @Test
  void adminPostIsRefusedWithoutAuthOrFromAnotherSite() throws Exception {
    start("admin", "s3cret", true);
    assertThat(post("b=app&s=a&action=maint", null, null).status()).isEqualTo(401);
    assertThat(post("b=app&s=a&action=maint", basic("admin", "nope"), null).status())
        .isEqualTo(401);
    assertThat(
            post("b=app&s=a&action=maint", basic("admin", "s3cret"), "https://evil.example")
                .status())
        .isEqualTo(403);
    assertThat(dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);
  }

  @Test
  void withoutAdminModeThereIsNoPostAndAdminNeedsAUser() throws Exception {
    start(null, null, false);
    RawHttp.Response r = post("b=app&s=a&action=maint", null, null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("allow")).isEqualTo("GET");
    assertThat(dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);
    StatsPage adminWithoutUser =
        new StatsPage(new HostPort("127.0.0.1", 0), Duration.ofSeconds(1), null, null, true);
    assertThatThrownBy(() -> StatsServer.start(dp, adminWithoutUser))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stats.admin");
  }

  @Test
  void healthzAnswersAndReadyzFollowsTheSwitch() throws Exception {
    start(null, null, false);
    RawHttp.Response health = get("/healthz", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text()).isEqualTo("ok\n");
    assertThat(get("/readyz", null).status()).isEqualTo(200);
    stats.setReady(false);
    assertThat(get("/readyz", null).status()).isEqualTo(503);
    stats.setReady(true);
    assertThat(get("/readyz", null).status()).isEqualTo(200);
    assertThat(get("/nope", null).status()).isEqualTo(404);
  }

  @Test
  void readyzWaitsForTheFirstWholeConfigAfterABootstrapStart() throws Exception {
    start(null, null, false);
    dp.awaitConfig(); // what `breakwater dataplane --wait-for-config` does after start
    assertThat(get("/readyz", null).status()).isEqualTo(503);
    dp.setWeight("app", "a", 5); // a server change is not the controller's first full config
    assertThat(get("/readyz", null).status()).isEqualTo(503);
    dp.apply(dp.version(), dp.config());
    assertThat(get("/readyz", null).status()).isEqualTo(200);
  }
}
