package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

  private static final String FULL =
      """
      global:
        workers: 2
        maxconn: 1000
        transport: nio
        shutdownGrace: 10s
      defaults:
        timeouts: {connect: 2s, client: 20s, server: 30s, httpRequest: 5s, httpKeepAlive: 15s,
                   queue: 3s, tunnel: 30m, poolIdle: 1m30s}
        balance: leastconn
        maxconn: 50
        maxqueue: 7
      frontends:
        - name: http
          listen: 0.0.0.0:8080
          defaultBackend: default/fallback/80
          timeouts: {client: 30s}
          routes:
            - {host: foo.example.com, path: /api, pathType: Prefix, backend: default/api/80}
            - {host: "*.example.com", path: /exact, pathType: Exact, backend: default/api/80}
            - {path: /legacy, pathType: ImplementationSpecific, backend: default/fallback/80}
            - {backend: default/fallback/80}
        - name: admin
          listen: "[::1]:9000"
      backends:
        - name: default/api/80
          balance: random
          maxconn: 100
          maxqueue: 10
          timeouts: {connect: 1s}
          servers:
            - {name: api-1, address: 10.1.2.3:8080, weight: 3, maxconn: 5}
            - {name: api-2, address: "[fd00::2]:8080", weight: 0}
        - name: default/fallback/80
          servers:
            - {name: fb-1, address: fallback.default.svc:80}
      """;

  @Test
  void fullExampleReadsIntoTheExpectedRecords() {
    Config c = ConfigLoader.parse(FULL, "full.yaml");

    Timeouts defaults =
        new Timeouts(
            Duration.ofSeconds(2),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            Duration.ofMinutes(30),
            Duration.ofSeconds(90));
    Timeouts httpTimeouts =
        new Timeouts(
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            Duration.ofMinutes(30),
            Duration.ofSeconds(90));
    Timeouts apiTimeouts =
        new Timeouts(
            Duration.ofSeconds(1),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            Duration.ofMinutes(30),
            Duration.ofSeconds(90));
    Config expected =
        new Config(
            new Global(2, 1000, Transport.NIO, Duration.ofSeconds(10)),
            new Defaults(defaults, Balance.LEASTCONN, 50, 7),
            List.of(
                new Frontend(
                    "http",
                    new HostPort("0.0.0.0", 8080),
                    "default/fallback/80",
                    List.of(
                        new Route("foo.example.com", "/api", PathType.PREFIX, "default/api/80"),
                        new Route("*.example.com", "/exact", PathType.EXACT, "default/api/80"),
                        new Route(
                            null,
                            "/legacy",
                            PathType.IMPLEMENTATION_SPECIFIC,
                            "default/fallback/80"),
                        new Route(null, "/", PathType.PREFIX, "default/fallback/80")),
                    httpTimeouts),
                new Frontend("admin", new HostPort("::1", 9000), null, List.of(), defaults)),
            List.of(
                new Backend(
                    "default/api/80",
                    Balance.RANDOM,
                    10,
                    apiTimeouts,
                    List.of(
                        new Server("api-1", new HostPort("10.1.2.3", 8080), 3, 5),
                        new Server("api-2", new HostPort("fd00::2", 8080), 0, 100))),
                new Backend(
                    "default/fallback/80",
                    Balance.LEASTCONN,
                    7,
                    defaults,
                    List.of(new Server("fb-1", new HostPort("fallback.default.svc", 80), 1, 50)))));

    assertThat(c).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "\n", "# only a comment\n", "---\n", "{}", "~"})
  void emptyDocumentIsAllDefaultsWithoutFrontends(String text) {
    Config c = ConfigLoader.parse(text, "empty.yaml");

    assertThat(c)
        .isEqualTo(new Config(Global.DEFAULT, Defaults.DEFAULT, List.of(), List.of()))
        .isEqualTo(ConfigLoader.parse("{}", "empty.json"));
  }

  @Test
  void absentSectionsTakeTheDocumentedDefaults() {
    Config c =
        ConfigLoader.parse(
            """
            frontends: [{name: a, listen: 1.2.3.4:80, routes: [{backend: b}]}]
            backends: [{name: b, servers: [{name: s, address: 10.0.0.1:80}]}]
            """,
            "minimal.yaml");

    assertThat(c.global()).isEqualTo(Global.DEFAULT);
    assertThat(c.defaults()).isEqualTo(Defaults.DEFAULT);
    assertThat(c.frontends().get(0).timeouts()).isEqualTo(Timeouts.DEFAULT);
    assertThat(c.frontends().get(0).defaultBackend()).isNull();
    assertThat(c.frontends().get(0).routes())
        .containsExactly(new Route(null, "/", PathType.PREFIX, "b"));
    assertThat(c.backends().get(0))
        .isEqualTo(
            new Backend(
                "b",
                Balance.ROUNDROBIN,
                0,
                Timeouts.DEFAULT,
                List.of(new Server("s", new HostPort("10.0.0.1", 80), Server.DEFAULT_WEIGHT, 0))));
  }

  @Test
  void timeoutsMergeKeyByKeyOverDefaults() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {timeouts: {connect: 1s, client: 2s}}
            frontends: [{name: a, listen: 1.2.3.4:80, timeouts: {client: 3s, httpRequest: 4s}}]
            backends: [{name: b, timeouts: {server: 5s}}]
            """,
            "t.yaml");

    Timeouts fe = c.frontends().get(0).timeouts();
    assertThat(fe.connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fe.client()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fe.httpRequest()).isEqualTo(Duration.ofSeconds(4));
    assertThat(fe.server()).isEqualTo(Timeouts.DEFAULT.server());
    Timeouts be = c.backends().get(0).timeouts();
    assertThat(be.connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(be.client()).isEqualTo(Duration.ofSeconds(2));
    assertThat(be.server()).isEqualTo(Duration.ofSeconds(5));
    assertThat(be.tunnel()).isEqualTo(Timeouts.DEFAULT.tunnel());
  }

  @Test
  void serverMaxconnIsOwnElseBackendsElseDefaults() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {maxconn: 10, maxqueue: 4, balance: source}
            backends:
              - name: own-backend-default
                maxconn: 20
                maxqueue: 0
                balance: uri
                servers: [{name: own, address: a:1, maxconn: 30}, {name: inherits, address: a:2}]
              - name: inherits-defaults
                servers: [{name: inherits, address: a:3}, {name: unlimited, address: a:4, maxconn: 0}]
            """,
            "m.yaml");

    Backend first = c.backend("own-backend-default");
    assertThat(first.servers()).extracting(Server::maxconn).containsExactly(30, 20);
    assertThat(first.maxqueue()).isZero();
    assertThat(first.balance()).isEqualTo(Balance.URI);
    Backend second = c.backend("inherits-defaults");
    assertThat(second.servers()).extracting(Server::maxconn).containsExactly(10, 0);
    assertThat(second.maxqueue()).isEqualTo(4);
    assertThat(second.balance()).isEqualTo(Balance.SOURCE);
  }

  @Test
  void everyProblemIsReportedAtOnceInDocumentOrder() {
    String yaml =
        """
        frontends:
          - name: http
            listen: 0.0.0.0:8080
            routes: [{path: /, backend: nowhere}]
        backends:
          - name: b
            servers:
              - {name: s1, address: "10.0.0:80"}
              - {name: s2, address: 10.0.0.2:80, weight: 300}
        """;

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "three.yaml"));

    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "frontends[0].routes[0].backend: \"nowhere\" is not a defined backend",
            "backends[0].servers[0].address: \"10.0.0:80\" is not host:port (bad host \"10.0.0\";"
                + " expected an IPv4 address or a DNS name)",
            "backends[0].servers[1].weight: 300 (expected: 0..256)");
    assertThat(e.sourceName()).isEqualTo("three.yaml");
    assertThat(e).hasMessageStartingWith("three.yaml: 3 errors\n  frontends[0].routes[0].backend");
  }

  @Test
  void placeholdersForUnreadableValuesDoNotCauseFurtherErrors() {
    // Two unreadable listen addresses and two nameless backends: the placeholders standing in for
    // them must not be reported as duplicates or as invalid names.
    String yaml =
        """
        frontends:
          - {name: a, listen: nope}
          - {name: b, listen: nope}
          - {name: c, listen: 1.2.3.4:80, routes: [{backend: x}]}
        backends:
          - {servers: [{name: s, address: bad}]}
          - {servers: [{name: s}]}
          - 7
        """;

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "p.yaml"));

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .containsExactly(
            "frontends[0].listen",
            "frontends[1].listen",
            "frontends[2].routes[0].backend",
            "backends[0].name",
            "backends[0].servers[0].address",
            "backends[1].name",
            "backends[1].servers[0].address",
            "backends[2]");
  }

  @Test
  void jsonIsAcceptedByExtensionAndByContent() {
    String json =
        """
        {"frontends": [{"name": "a", "listen": "1.2.3.4:80",
                        "routes": [{"host": "x.com", "path": "/", "backend": "b"}]}],
         "backends": [{"name": "b", "servers": [{"name": "s", "address": "10.0.0.1:80"}]}],
         "defaults": {"timeouts": {"connect": "1s"}}}
        """;

    Config byExtension = ConfigLoader.parse(json, "config.json");
    Config byContent = ConfigLoader.parse("\n  " + json, "config");

    assertThat(byExtension).isEqualTo(byContent);
    assertThat(byExtension.frontends().get(0).routes().get(0).host()).isEqualTo("x.com");
    assertThat(byExtension.defaults().timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jsonErrorsHaveTheSamePaths() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "{\"backends\": [{\"name\": \"b\", \"servers\": [{\"name\": \"s\"}]}]}",
                    "x.json"));

    assertThat(e.errors())
        .containsExactly(new ConfigError("backends[0].servers[0].address", "missing (required)"));
  }

  @Test
  void jsonSyntaxErrorsSayJsonAndWhere() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.parse("{\"global\": {\"workers\": 1,}}", "x.json"));

    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).path()).isEmpty();
    assertThat(e.errors().get(0).message()).startsWith("JSON syntax error at line 1, column 26");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"bom.yaml", "bom.json"})
  void aByteOrderMarkIsSkipped(String name) {
    String text =
        name.endsWith(".json") ? "{\"global\": {\"workers\": 3}}" : "global: {workers: 3}";

    assertThat(ConfigLoader.parse("\uFEFF" + text, name).global().workers()).isEqualTo(3);
  }

  @Test
  void zeroShutdownGraceIsAllowed() {
    assertThat(ConfigLoader.parse("global: {shutdownGrace: 0s}", "g.yaml").global().shutdownGrace())
        .isZero();
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dataplane.yaml");
    Files.writeString(file, FULL, StandardCharsets.UTF_8);

    assertThat(ConfigLoader.load(file)).isEqualTo(ConfigLoader.parse(FULL, "full.yaml"));
  }

  @Test
  void aMissingFileIsAConfigError(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": 1 error\n  no such file");
  }

  @Test
  void aFileThatIsNotUtf8IsAConfigError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not UTF-8 text");
  }
}
