package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo configuration shipped in {@code deploy/examples} must stay loadable. */
class ExampleConfigTest {

  @Test
  void demoConfigIsValid() {
    Config c = ConfigLoader.load(RepositoryFiles.resolve("deploy/examples/dataplane.yaml"));

    Frontend http = c.frontend("http");
    assertThat(http.listen()).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(http.defaultBackend()).isEqualTo("demo/echo/80");
    assertThat(http.routes())
        .containsExactly(
            new Route("echo.local", "/", PathType.PREFIX, "demo/echo/80"),
            new Route(null, "/api", PathType.PREFIX, "demo/api/80"));
    HealthCheck check = c.backend("demo/echo/80").policy().healthCheck();
    assertThat(check.type()).isEqualTo(HealthCheck.Type.HTTP);
    assertThat(check.path()).isEqualTo("/healthz");
    List<Server> servers =
        List.of(
            new Server("echo-a", new HostPort("127.0.0.1", 9001), 1, 0).withHealthCheck(check),
            new Server("echo-b", new HostPort("127.0.0.1", 9002), 1, 0).withHealthCheck(check));
    assertThat(c.backend("demo/echo/80").servers()).isEqualTo(servers);
    assertThat(c.backend("demo/api/80").servers()).isEqualTo(servers);
    assertThat(c.backend("demo/api/80").balance()).isEqualTo(Balance.LEASTCONN);
    Retries retries = c.backend("demo/api/80").policy().retries();
    assertThat(retries.on())
        .containsExactlyInAnyOrder(Retries.On.CONN_FAILURE, Retries.On.EMPTY_RESPONSE);
    assertThat(retries.statuses()).containsExactly(503);
  }
}
