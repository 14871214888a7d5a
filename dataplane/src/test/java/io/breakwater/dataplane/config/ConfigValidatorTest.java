package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator on configurations built in code, as the controller and the Runtime API build them:
 * the same rules and paths as for a file, without a file.
 */
class ConfigValidatorTest {

  private static final HostPort LISTEN = new HostPort("127.0.0.1", 8080);

  private static Server server(String name, int port) {
    return new Server(name, new HostPort("10.0.0.1", port), Server.DEFAULT_WEIGHT, 0);
  }

  private static Backend backend(String name, Server... servers) {
    return new Backend(name, Balance.ROUNDROBIN, 0, Timeouts.DEFAULT, List.of(servers));
  }

  private static Frontend frontend(String name, HostPort listen, Route... routes) {
    return new Frontend(name, listen, null, List.of(routes), Timeouts.DEFAULT);
  }

  private static Route route(String host, String path, PathType type) {
    return new Route(host, path, type, "b");
  }

  /** Frontend {@code http} with one route to backend {@code b}, which has two servers. */
  private static final Config VALID =
      new Config(
          Global.DEFAULT,
          Defaults.DEFAULT,
          List.of(frontend("http", LISTEN, route("echo.local", "/", PathType.PREFIX))),
          List.of(backend("b", server("s1", 9001), server("s2", 9002))));

  private static Config withFrontends(Frontend... frontends) {
    return new Config(VALID.global(), VALID.defaults(), List.of(frontends), VALID.backends());
  }

  private static Config withRoutes(Route... routes) {
    return withFrontends(frontend("http", LISTEN, routes));
  }

  private static Config withServers(Server... servers) {
    return withBackends(backend("b", servers));
  }

  private static Config withBackends(Backend... backends) {
    return new Config(VALID.global(), VALID.defaults(), VALID.frontends(), List.of(backends));
  }

  private static Timeouts withConnect(Duration connect) {
    Timeouts d = Timeouts.DEFAULT;
    return new Timeouts(
        connect,
        d.client(),
        d.server(),
        d.httpRequest(),
        d.httpKeepAlive(),
        d.queue(),
        d.tunnel(),
        d.poolIdle());
  }

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    rows.add(
        row(
            "workers",
            c ->
                new Config(
                    new Global(2000, 1, Transport.AUTO, Duration.ZERO),
                    c.defaults(),
                    c.frontends(),
                    c.backends()),
            "global.workers",
            "2000 (expected: 0..1024)"));
    rows.add(
        row(
            "global maxconn",
            c ->
                new Config(
                    new Global(0, 0, Transport.AUTO, Duration.ZERO),
                    c.defaults(),
                    c.frontends(),
                    c.backends()),
            "global.maxconn",
            "0 (expected: >= 1)"));
    rows.add(
        row(
            "negative shutdownGrace",
            c ->
                new Config(
                    new Global(0, 1, Transport.AUTO, Duration.ofSeconds(-1)),
                    c.defaults(),
                    c.frontends(),
                    c.backends()),
            "global.shutdownGrace",
            "-1s (expected: >= 0)"));
    rows.add(
        row(
            "zero default timeout",
            c ->
                new Config(
                    c.global(),
                    new Defaults(withConnect(Duration.ZERO), Balance.ROUNDROBIN, 0, 0),
                    c.frontends(),
                    c.backends()),
            "defaults.timeouts.connect",
            "0s (expected: > 0)"));
    rows.add(
        row(
            "negative default maxconn",
            c ->
                new Config(
                    c.global(),
                    new Defaults(Timeouts.DEFAULT, Balance.ROUNDROBIN, -1, 0),
                    c.frontends(),
                    c.backends()),
            "defaults.maxconn",
            "-1 (expected: >= 0)"));
    rows.add(
        row(
            "negative frontend timeout",
            c ->
                withFrontends(
                    new Frontend(
                        "http", LISTEN, null, List.of(), withConnect(Duration.ofMillis(-5)))),
            "frontends[0].timeouts.connect",
            "-5ms (expected: > 0)"));
    rows.add(
        row(
            "zero backend timeout",
            c ->
                withBackends(
                    new Backend("b", Balance.URI, 0, withConnect(Duration.ZERO), List.of())),
            "backends[0].timeouts.connect",
            "0s (expected: > 0)"));
    rows.add(
        row(
            "negative maxqueue",
            c -> withBackends(new Backend("b", Balance.URI, -1, Timeouts.DEFAULT, List.of())),
            "backends[0].maxqueue",
            "-1 (expected: >= 0)"));
    rows.add(
        row(
            "weight",
            c -> withServers(server("s1", 1), new Server("s2", new HostPort("h", 2), 300, 0)),
            "backends[0].servers[1].weight",
            "300 (expected: 0..256)"));
    rows.add(
        row(
            "server maxconn",
            c -> withServers(new Server("s1", new HostPort("h", 2), 1, -3)),
            "backends[0].servers[0].maxconn",
            "-3 (expected: >= 0)"));
    rows.add(
        row(
            "server port 0",
            c -> withServers(new Server("s1", new HostPort("h", 0), 1, 0)),
            "backends[0].servers[0].address",
            "port 0 is outside 1..65535"));
    rows.add(
        row(
            "server bad host",
            c -> withServers(new Server("s1", new HostPort("a..b", 80), 1, 0)),
            "backends[0].servers[0].address",
            "\"a..b:80\" is not host:port"));
    rows.add(
        row(
            "listen port 65536",
            c -> withFrontends(frontend("http", new HostPort("0.0.0.0", 65536))),
            "frontends[0].listen",
            "port 65536 is outside 1..65535"));
    rows.add(
        row(
            "duplicate server",
            c -> withServers(server("s1", 1), server("s1", 2)),
            "backends[0].servers[1].name",
            "\"s1\" is already the name of backends[0].servers[0]"));
    rows.add(
        row(
            "duplicate backend",
            c -> withBackends(backend("b"), backend("b")),
            "backends[1].name",
            "\"b\" is already the name of backends[0]"));
    rows.add(
        row(
            "duplicate frontend",
            c -> withFrontends(frontend("f", LISTEN), frontend("f", new HostPort("127.0.0.1", 81))),
            "frontends[1].name",
            "\"f\" is already the name of frontends[0]"));
    rows.add(
        row(
            "duplicate listen",
            c -> withFrontends(frontend("f", LISTEN), frontend("g", LISTEN)),
            "frontends[1].listen",
            "is already used by frontends[0].listen"));
    rows.add(
        row(
            "IPv6 wildcard overlaps IPv4",
            c ->
                withFrontends(
                    frontend("f", new HostPort("::", 80)),
                    frontend("g", new HostPort("10.0.0.1", 80))),
            "frontends[1].listen",
            "overlaps frontends[0].listen \"[::]:80\""));
    rows.add(
        row(
            "empty server name",
            c -> withServers(server("", 1)),
            "backends[0].servers[0].name",
            "\"\" (expected: a non-empty name without spaces)"));
    rows.add(
        row(
            "undefined route backend",
            c -> withRoutes(new Route(null, "/", PathType.PREFIX, "c")),
            "frontends[0].routes[0].backend",
            "\"c\" is not a defined backend"));
    rows.add(
        row(
            "undefined defaultBackend",
            c -> withFrontends(new Frontend("http", LISTEN, "zzz", List.of(), Timeouts.DEFAULT)),
            "frontends[0].defaultBackend",
            "\"zzz\" is not a defined backend"));
    rows.add(
        row(
            "relative path",
            c -> withRoutes(route(null, "api", PathType.EXACT)),
            "frontends[0].routes[0].path",
            "(expected: a path starting with \"/\")"));
    rows.add(
        row(
            "wildcard in the middle",
            c -> withRoutes(route("a.*.com", "/", PathType.EXACT)),
            "frontends[0].routes[0].host",
            "\"a.*.com\" is not a valid host"));
    rows.add(
        row(
            "wildcard over an IP",
            c -> withRoutes(route("*.10.0.0.1", "/", PathType.EXACT)),
            "frontends[0].routes[0].host",
            "is not a valid host"));
    rows.add(
        row(
            "duplicate Exact route",
            c -> withRoutes(route(null, "/a", PathType.EXACT), route(null, "/a", PathType.EXACT)),
            "frontends[0].routes[1]",
            "matches the same requests as frontends[0].routes[0]"));
    return rows.stream();
  }

  private static Arguments row(
      String name, UnaryOperator<Config> change, String path, String message) {
    return Arguments.of(name, change, path, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reportsTheProblemAtItsPath(
      String name, UnaryOperator<Config> change, String path, String message) {
    List<ConfigError> errors = ConfigValidator.validate(change.apply(VALID));

    assertThat(errors).extracting(ConfigError::path).containsExactly(path);
    assertThat(errors.get(0).message()).contains(message);
  }

  @Test
  void aValidConfigHasNoErrors() {
    assertThat(ConfigValidator.validate(VALID)).isEmpty();
  }

  @Test
  void routesThatDifferInHostPathOrKindAreNotDuplicates() {
    Config c =
        withRoutes(
            route(null, "/a", PathType.EXACT),
            route(null, "/a", PathType.PREFIX),
            route("x.com", "/a", PathType.PREFIX),
            route("*.x.com", "/a", PathType.PREFIX),
            route("x.com", "/A", PathType.PREFIX),
            route("x.com", "/a/", PathType.EXACT),
            route("x.com", "/a", PathType.EXACT));

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void sameServerNameInTwoBackendsIsFine() {
    assertThat(
            ConfigValidator.validate(
                withBackends(backend("b", server("s", 1)), backend("c", server("s", 1)))))
        .isEmpty();
  }

  @Test
  void listenersOnDifferentPortsOrSpecificAddressesDoNotOverlap() {
    Config c =
        withFrontends(
            frontend("a", new HostPort("0.0.0.0", 80)),
            frontend("b", new HostPort("0.0.0.0", 81)),
            frontend("c", new HostPort("127.0.0.1", 82)),
            frontend("d", new HostPort("127.0.0.2", 82)),
            frontend("e", new HostPort("::1", 80)));

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void codeBuiltAndFileBuiltConfigsGetTheSameErrors() {
    Config built =
        withServers(server("s1", 1), new Server("s2", new HostPort("10.0.0.1", 2), 300, 0));
    String yaml =
        """
        frontends: [{name: http, listen: 127.0.0.1:8080, routes: [{host: echo.local, backend: b}]}]
        backends:
          - name: b
            servers: [{name: s1, address: 10.0.0.1:1}, {name: s2, address: 10.0.0.1:2, weight: 300}]
        """;

    List<ConfigError> fromFile = List.of();
    try {
      ConfigLoader.parse(yaml, "same.yaml");
    } catch (ConfigException e) {
      fromFile = e.errors();
    }

    assertThat(fromFile).isNotEmpty().isEqualTo(ConfigValidator.validate(built));
  }
}
