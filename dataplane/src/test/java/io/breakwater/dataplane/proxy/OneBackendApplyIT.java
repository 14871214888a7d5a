package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change to one backend's servers ({@code set backend B servers}, add/del/set server, or a whole
 * config that differs only there) is applied to that backend alone: the same observable result as a
 * whole apply, without recompiling the other backends or any route table.
 */
class OneBackendApplyIT {
  private EchoServer a;
  private EchoServer b;
  private EchoServer c;
  private Dataplane dp;

  @BeforeEach
  void start() {
    a = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    b = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "b");
    c = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "c");
    dp = Dataplane.start(config());
  }

  private Config config() {
    return TestConfig.create()
        .port(0)
        .backend("app", server("a", a.port()))
        .backend("other", server("c", c.port()))
        .route("other.test", "/", PathType.PREFIX, "other")
        .route("app.test", "/", PathType.PREFIX, "app")
        .defaultBackend("app")
        .build();
  }

  @AfterEach
  void stop() {
    dp.close();
    a.close();
    b.close();
    c.close();
  }

  private String servedBy(String host) throws Exception {
    try (RawHttp h = RawHttp.connect(dp.port("http"))) {
      RawHttp.Response r = h.get("/", host);
      assertThat(r.status()).isEqualTo(200);
      return r.header("x-echo-server");
    }
  }

  @Test
  void setServersRoutesToTheNewSetKeepsKeptServersAndDrainsRemovedOnes() throws Exception {
    assertThat(servedBy("app.test")).isEqualTo("a");
    ServerState keptBefore = dp.server("app", "a");
    long requestsOnA = keptBefore.stats().requests();
    long v = dp.version();

    long v2 = dp.setServers("app", List.of(server("a", a.port()), server("b", b.port())));

    assertThat(v2).isEqualTo(v + 1).isEqualTo(dp.version());
    assertThat(dp.server("app", "a")).isSameAs(keptBefore);
    assertThat(keptBefore.stats().requests()).isEqualTo(requestsOnA);
    assertThat(dp.config().backend("app").servers())
        .extracting(Server::name)
        .containsExactly("a", "b");
    assertThat(ConfigWriter.toJson(dp.config())).contains("127.0.0.1:" + b.port());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(servedBy("app.test"));
    }
    assertThat(seen).contains("a", "b");
    // The default backend and a second route to it see the change too.
    assertThat(servedBy("unknown.test")).isIn("a", "b");

    ServerState removed = dp.server("app", "a");
    dp.setServers("app", List.of(server("b", b.port())));
    assertThat(removed.removed()).isTrue();
    assertThat(dp.server("app", "a")).isNull();
    for (int i = 0; i < 3; i++) {
      assertThat(servedBy("app.test")).isEqualTo("b");
    }
    assertThat(servedBy("other.test")).isEqualTo("c");
  }

  @Test
  void otherBackendsKeepTheirCompiledRuntime() {
    BackendRuntime other = dp.backend("other");
    BackendRuntime app = dp.backend("app");

    dp.setServers("app", List.of(server("b", b.port())));
    dp.addServer("app", server("a", a.port()), AdminState.MAINT);
    dp.setWeight("app", "b", 5);

    assertThat(dp.backend("other")).isSameAs(other);
    assertThat(dp.backend("app")).isNotSameAs(app);
    assertThat(dp.server("app", "a").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(dp.server("app", "b").weight()).isEqualTo(5);
  }

  @Test
  void badInputIsRefusedWithItsPathAndNothingChanges() {
    Config before = dp.config();
    BackendRuntime app = dp.backend("app");
    long v = dp.version();

    assertThatThrownBy(
            () ->
                dp.setServers(
                    "app", List.of(new Server("a", new HostPort("127.0.0.1", 1), 999, 0))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends[0].servers[0].weight");
    assertThatThrownBy(
            () -> dp.setServers("app", List.of(server("x", a.port()), server("x", b.port()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends[0].servers[1].name");
    assertThatThrownBy(
            () ->
                dp.setServers(
                    "other",
                    List.of(new Server("n", new HostPort("no-such-host.invalid", 80), 1, 0))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends[1].servers[0].address")
        .hasMessageContaining("cannot resolve");
    assertThatThrownBy(() -> dp.setServers("nope", List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no backend named \"nope\"");

    assertThat(dp.version()).isEqualTo(v);
    assertThat(dp.config()).isSameAs(before);
    assertThat(dp.backend("app")).isSameAs(app);
  }

  @Test
  void aWholeConfigThatChangesOnlyServersMatchesSetServers() throws Exception {
    BackendRuntime other = dp.backend("other");
    ServerState a0 = dp.server("app", "a");
    Config running = dp.config();
    List<Backend> backends = new ArrayList<>(running.backends());
    backends.set(
        0, backends.get(0).withServers(List.of(server("a", a.port()), server("b", b.port()))));
    long v = dp.version();

    dp.apply(new Config(running.global(), running.defaults(), running.frontends(), backends));

    assertThat(dp.version()).isEqualTo(v + 1);
    assertThat(dp.backend("other")).isSameAs(other);
    assertThat(dp.server("app", "a")).isSameAs(a0);
    assertThat(dp.config().backend("app").servers())
        .extracting(Server::name)
        .containsExactly("a", "b");
    assertThat(servedBy("other.test")).isEqualTo("c");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(servedBy("app.test"));
    }
    assertThat(seen).contains("a", "b");
  }

  /** What proves the path incremental: route tables and other runtimes are the same objects. */
  @Test
  void theEngineRecompilesOnlyTheChangedBackend() {
    ProxyEngine engine = ProxyEngine.start(config());
    try {
      FrontendRuntime routes = engine.frontendRuntime("http");
      BackendRuntime other = engine.backend("other");
      Backend app = engine.config().backend("app");

      engine.applyBackend(app.withServers(List.of(server("b", b.port()))), Map.of());

      assertThat(engine.frontendRuntime("http")).isSameAs(routes);
      assertThat(engine.backend("other")).isSameAs(other);
      assertThat(engine.config().backend("app").servers())
          .extracting(Server::name)
          .containsExactly("b");
      assertThat(engine.config().backend("other")).isSameAs(other.config());
      // The route's target reads the backend's new runtime through its state.
      RouteTarget t = routes.route("app.test", "/");
      assertThat(t.backendFor(io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE))
          .isSameAs(engine.backend("app"));

      // A whole apply with a route changed recompiles the routes but keeps unchanged backends.
      Config c = engine.config();
      Config moreRoutes =
          new Config(
              c.global(),
              c.defaults(),
              List.of(
                  c.frontends()
                      .get(0)
                      .withRoutes(
                          List.of(
                              new io.breakwater.dataplane.config.Route(
                                  "x.test", "/", PathType.PREFIX, "other")))),
              c.backends());
      engine.apply(moreRoutes);
      assertThat(engine.frontendRuntime("http")).isNotSameAs(routes);
      assertThat(engine.backend("other")).isSameAs(other);
    } finally {
      engine.close();
    }
  }

  /** A server named by DNS is resolved again by a whole apply, as before. */
  @Test
  void aWholeApplyResolvesHostNamesAgain() {
    dp.setServers("other", List.of(new Server("c", new HostPort("localhost", c.port()), 1, 0)));
    BackendRuntime named = dp.backend("other");
    BackendRuntime literal = dp.backend("app");

    dp.apply(dp.config());

    assertThat(dp.backend("other")).isNotSameAs(named);
    assertThat(dp.backend("app")).isSameAs(literal);
  }
}
