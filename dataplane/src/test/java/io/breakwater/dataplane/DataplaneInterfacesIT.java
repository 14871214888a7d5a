package io.breakwater.dataplane;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.DataplaneApi;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.StatsPage;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Dataplane#start} starts the stats listener and the REST API the config asks for. */
class DataplaneInterfacesIT {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
  private Dataplane dp;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    echo.close();
  }

  private String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return r.body();
  }

  @Test
  void theStatsListenerAndTheRestApiComeUpWithTheDataplaneAndGoDownWithIt() throws Exception {
    Config base = TestConfig.create().backend("app", server("a", echo.port())).build();
    Config config =
        new Config(
            base.global()
                .withInterfaces(
                    List.of(),
                    new StatsPage(
                        new HostPort("127.0.0.1", 0), StatsPage.DEFAULT_REFRESH, null, null, false),
                    new DataplaneApi(new HostPort("127.0.0.1", 0), null),
                    AccessLog.OFF),
            base.defaults(),
            base.frontends(),
            base.backends());
    dp = Dataplane.start(config);
    int statsPort = dp.statsServer().port();
    int apiPort = dp.restApi().port();

    assertThat(get(statsPort, "/metrics")).contains("breakwater_backend_up{backend=\"app\"}");
    assertThat(get(statsPort, "/stats;csv")).contains("app,a,");
    assertThat(get(statsPort, "/readyz")).isNotNull();
    assertThat(get(apiPort, "/v1/config")).contains("\"version\":1");

    dp.close();
    dp = null;
    for (int port : new int[] {statsPort, apiPort}) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        throw new AssertionError("port " + port + " still accepts after close");
      } catch (ConnectException expected) {
        // closed with the dataplane
      }
    }
  }

  @Test
  void withoutThemNothingListens() {
    dp = Dataplane.start(TestConfig.create().backend("app", server("a", echo.port())).build());
    assertThat(dp.statsServer()).isNull();
    assertThat(dp.restApi()).isNull();
  }
}
