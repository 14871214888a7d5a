package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log as the proxy writes it: one line per request, with what happened. */
class AccessLogProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  @Test
  void logsEachRequestWithItsBackendServerStatusAndTermination() throws Exception {
    Path file = dir.resolve("access.log");
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e1")) {
      Config base =
          TestConfig.create()
              .backend("app", server("e1", echo.port()))
              .route("app.test", "/", PathType.PREFIX, "app")
              .noDefaultBackend()
              .build();
      Config c =
          new Config(
              base.global()
                  .withInterfaces(
                      List.of(),
                      null,
                      null,
                      new AccessLog(
                          AccessLog.Target.FILE, file.toString(), AccessLog.Format.JSON, 64)),
              base.defaults(),
              base.frontends(),
              base.backends());
      try (Dataplane dp = Dataplane.start(c)) {
        try (RawHttp client = RawHttp.connect(dp.port("http"))) {
          assertThat(client.get("/ok?x=1", "app.test").status()).isEqualTo(200);
          assertThat(client.get("/missing", "nowhere.test").status()).isEqualTo(404);
        }
        Await.until(() -> dp.stats().info().accessLogWritten() == 2);
        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(2);
        JsonNode ok = lines.get(0);
        assertThat(ok.toString())
            .contains("\"frontend\":\"http\"")
            .contains("\"backend\":\"app\"")
            .contains("\"server\":\"e1\"")
            .contains("\"uri\":\"/ok?x=1\"")
            .contains("\"status\":200")
            .contains("\"termination\":\"--\"");
        assertThat(lines.get(1).toString())
            .contains("\"status\":404")
            .contains("\"termination\":\"PR\"");
        assertThat(dp.stats().info().accessLogDropped()).isZero();
      }
    }
  }
}
