package io.breakwater.dataplane.metrics;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.StatsPage;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.statspage.StatsServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after known traffic: 5 OK and 2 not-found answers from backend {@code app}, and
 * 3 requests to backend {@code flaky} whose server answers 503, each tried twice more.
 */
class MetricsIT {
  private static EchoServer echo;
  private static Dataplane dp;
  private static StatsServer stats;
  private static Exposition scrape;

  @BeforeAll
  static void sendKnownTraffic() throws Exception {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    Config base =
        TestConfig.create()
            .backend("app", server("a", echo.port()))
            .backend("flaky", server("f", echo.port()))
            .route(null, "/flaky", PathType.PREFIX, "flaky")
            .build();
    Retries twiceOn503 =
        new Retries(
            2,
            Set.of(Retries.On.CONN_FAILURE),
            Set.of(503),
            false,
            null,
            new Retries.Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 0),
            Retries.DEFAULT_BUFFER_LIMIT,
            false,
            Retries.Budget.DEFAULT);
    List<Backend> backends = new ArrayList<>(base.backends());
    backends.set(
        1,
        backends
            .get(1)
            .withPolicy(
                new BackendPolicy(null, null, twiceOn503, null, null, Limits.NONE, null, null)));
    StatsPage page =
        new StatsPage(new HostPort("127.0.0.1", 0), Duration.ofSeconds(5), null, null, false);
    Config config =
        new Config(
            base.global().withInterfaces(List.of(), page, null, AccessLog.OFF),
            base.defaults(),
            base.frontends(),
            backends);
    dp = Dataplane.start(config);
    stats = StatsServer.start(dp, dp.config().global().stats());

    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.get("/ok", "t").status()).isEqualTo(200);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(c.get("/missing?status=404", "t").status()).isEqualTo(404);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(c.get("/flaky?status=503", "t").status()).isEqualTo(503);
      }
    }
    try (RawHttp c = RawHttp.connect(stats.port())) {
      RawHttp.Response r = c.get("/metrics", "t");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
      scrape = Exposition.parse(r.text());
    }
  }

  @AfterAll
  static void stop() {
    stats.close();
    dp.close();
    echo.close();
  }

  @Test
  void countsRequestsAndResponsesByClass() {
    assertThat(scrape.value("breakwater_requests_total")).isEqualTo(10);
    assertThat(scrape.value("breakwater_frontend_http_requests_total", "frontend", "http"))
        .isEqualTo(10);
    assertThat(frontendResponses("2xx")).isEqualTo(5);
    assertThat(frontendResponses("4xx")).isEqualTo(2);
    assertThat(frontendResponses("5xx")).isEqualTo(3);
    assertThat(frontendResponses("1xx") + frontendResponses("3xx") + frontendResponses("other"))
        .isZero();
    assertThat(scrape.value("breakwater_backend_http_requests_total", "backend", "app"))
        .isEqualTo(7);
    assertThat(backendResponses("app", "2xx")).isEqualTo(5);
    assertThat(backendResponses("app", "4xx")).isEqualTo(2);
    assertThat(backendResponses("flaky", "5xx")).isEqualTo(3);
    assertThat(
            scrape.value(
                "breakwater_server_http_responses_total",
                "backend",
                "app",
                "server",
                "a",
                "code",
                "2xx"))
        .isEqualTo(5);
  }

  @Test
  void countsEachRetry() {
    assertThat(scrape.value("breakwater_backend_retries_total", "backend", "flaky")).isEqualTo(6);
    assertThat(scrape.value("breakwater_backend_retries_total", "backend", "app")).isZero();
    assertThat(scrape.value("breakwater_backend_redispatches_total", "backend", "flaky")).isZero();
  }

  @Test
  void histogramsCountEveryRequestOnce() {
    for (String h :
        List.of(
            "breakwater_backend_request_duration_seconds",
            "breakwater_backend_connect_duration_seconds",
            "breakwater_backend_response_duration_seconds")) {
      assertThat(scrape.types()).containsEntry(h, "histogram");
      assertThat(scrape.value(h + "_count", "backend", "app")).as(h).isEqualTo(7);
      assertThat(scrape.value(h + "_count", "backend", "flaky")).as(h).isEqualTo(3);
      assertThat(scrape.value(h + "_bucket", "backend", "app", "le", "+Inf")).isEqualTo(7);
    }
    // Loopback requests to an echo server take well under 10 s.
    assertThat(
            scrape.value(
                "breakwater_backend_request_duration_seconds_bucket",
                "backend",
                "app",
                "le",
                "10.0"))
        .isEqualTo(7);
    assertThat(scrape.value("breakwater_backend_request_duration_seconds_sum", "backend", "app"))
        .isPositive();
  }

  @Test
  void exposesStateConfigAndJvmFamilies() {
    assertThat(
            scrape.value("breakwater_server_state", "backend", "app", "server", "a", "state", "up"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "breakwater_server_state", "backend", "app", "server", "a", "state", "maint"))
        .isZero();
    assertThat(scrape.value("breakwater_config_version")).isEqualTo(dp.version());
    assertThat(scrape.value("breakwater_config_last_apply_timestamp_seconds"))
        .isEqualTo(dp.appliedAtMillis() / 1000.0);
    assertThat(scrape.value("breakwater_frontend_sessions_total", "frontend", "http")).isEqualTo(1);
    assertThat(scrape.value("breakwater_frontend_request_bytes_total", "frontend", "http"))
        .isPositive();
    assertThat(scrape.types())
        .containsEntry("breakwater_backend_retries_total", "counter")
        .containsEntry("breakwater_backend_current_queue", "gauge")
        .containsKey("jvm_memory_used_bytes")
        .containsKey("process_cpu_seconds_total");
    assertThat(scrape.families("breakwater_"))
        .allSatisfy(f -> assertThat(f).matches("breakwater_[a-z_]+"));
  }

  private static double frontendResponses(String code) {
    return scrape.value(
        "breakwater_frontend_http_responses_total", "frontend", "http", "code", code);
  }

  private static double backendResponses(String backend, String code) {
    return scrape.value(
        "breakwater_backend_http_responses_total", "backend", backend, "code", code);
  }
}
