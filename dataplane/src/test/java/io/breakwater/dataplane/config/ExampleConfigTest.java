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
    List<Server> servers =
        List.of(
            new Server("echo-a", new HostPort("127.0.0.1", 9001), 1, 0),
            new Server("echo-b", new HostPort("127.0.0.1", 9002), 1, 0));
    assertThat(c.backend("demo/echo/80").servers()).isEqualTo(servers);
    assertThat(c.backend("demo/api/80").servers()).isEqualTo(servers);
    assertThat(c.backend("demo/api/80").balance()).isEqualTo(Balance.LEASTCONN);
  }
}
