package io.breakwater.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.sync.SyncListener.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller's HTTP endpoint on a loopback port: /metrics, /healthz and /readyz. */
class MetricsServerIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ControllerMetrics metrics;
  private MetricsServer server;

  @BeforeEach
  void start() {
    metrics = new ControllerMetrics();
    server =
        MetricsServer.start(
            MetricsServer.parseListen("127.0.0.1:0"), metrics.registry(), metrics::ready);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() throws Exception {
    metrics.onSync(
        ClusterSnapshot.EMPTY,
        ControllerMetricsTest.translation(List.of()),
        Outcome.FULL,
        Duration.ofMillis(4),
        2_000_000,
        null);

    HttpResponse<String> r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(r.body())
        .contains("# TYPE breakwater_controller_applies_total counter")
        .contains("breakwater_controller_applies_total{kind=\"full\",result=\"ok\"} 1.0")
        .contains("breakwater_controller_sync_duration_seconds_count 1")
        .contains("breakwater_controller_convergence_latency_seconds_count 1")
        .contains("breakwater_controller_leader 1.0");
  }

  @Test
  void readyzAnswers503UntilASyncSucceeds() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    metrics.onSync(
        ClusterSnapshot.EMPTY,
        ControllerMetricsTest.translation(List.of()),
        Outcome.NOOP,
        Duration.ofMillis(1),
        -1,
        null);

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void aBadListenAddressNamesTheFlag() {
    for (String bad : List.of("9100", "host:", ":9100", "host:99999", "a:b:c", "[::1]9100")) {
      assertThatThrownBy(() -> MetricsServer.parseListen(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--metrics-listen")
          .hasMessageContaining("expected: HOST:PORT");
    }
    assertThat(MetricsServer.parseListen("[::1]:9100").getPort()).isEqualTo(9100);
    assertThat(MetricsServer.parseListen("0.0.0.0:9100"))
        .isEqualTo(new InetSocketAddress("0.0.0.0", 9100));
  }

  private HttpResponse<String> get(String path) throws Exception {
    InetSocketAddress a = server.address();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
