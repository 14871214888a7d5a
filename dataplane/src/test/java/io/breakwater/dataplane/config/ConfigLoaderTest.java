package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
  void operatorInterfacesReadIntoTheirRecords() {
    Config c =
        ConfigLoader.parse(
            """
            global:
              runtimeApi:
                - {unix: /run/breakwater/runtime.sock}
                - {unix: /run/breakwater/ops.sock, level: operator, mode: "660", owner: breakwater}
                - {tcp: 127.0.0.1:9999}
                - {tcp: "10.0.0.1:9999", level: user, allowRemote: true}
              stats:
                listen: 127.0.0.1:8404
                refresh: 5s
                auth: {user: admin, password: secret}
                admin: true
              dataplaneApi: {listen: 0.0.0.0:5555, tokenFile: /etc/breakwater/api-token}
              accessLog: {target: file, file: /var/log/bw/access.log, format: haproxy, buffer: 16}
            """,
            "interfaces.yaml");

    assertThat(c.global())
        .isEqualTo(
            Global.DEFAULT.withInterfaces(
                List.of(
                    RuntimeApiListener.unix("/run/breakwater/runtime.sock", AccessLevel.ADMIN),
                    new RuntimeApiListener(
                        "/run/breakwater/ops.sock",
                        null,
                        AccessLevel.OPERATOR,
                        0660,
                        "breakwater",
                        false),
                    RuntimeApiListener.tcp(new HostPort("127.0.0.1", 9999), AccessLevel.OPERATOR),
                    new RuntimeApiListener(
                        null,
                        new HostPort("10.0.0.1", 9999),
                        AccessLevel.USER,
                        RuntimeApiListener.DEFAULT_MODE,
                        null,
                        true)),
                new StatsPage(
                    new HostPort("127.0.0.1", 8404),
                    Duration.ofSeconds(5),
                    "admin",
                    "secret",
                    true),
                new DataplaneApi(new HostPort("0.0.0.0", 5555), "/etc/breakwater/api-token"),
                new AccessLog(
                    AccessLog.Target.FILE,
                    "/var/log/bw/access.log",
                    AccessLog.Format.HAPROXY,
                    16)));
  }

  @Test
  void interfacesTakeTheirDocumentedDefaults() {
    Global g =
        ConfigLoader.parse(
                """
                global:
                  stats: {listen: 127.0.0.1:8404}
                  dataplaneApi: {listen: "[::1]:5555"}
                  accessLog: {target: stdout}
                """,
                "defaults.yaml")
            .global();

    assertThat(g.runtimeApi()).isEmpty();
    assertThat(g.stats())
        .isEqualTo(
            new StatsPage(
                new HostPort("127.0.0.1", 8404), StatsPage.DEFAULT_REFRESH, null, null, false));
    assertThat(g.dataplaneApi()).isEqualTo(new DataplaneApi(new HostPort("::1", 5555), null));
    assertThat(g.accessLog())
        .isEqualTo(
            new AccessLog(
                AccessLog.Target.STDOUT, null, AccessLog.Format.JSON, AccessLog.DEFAULT_BUFFER));
    assertThat(ConfigLoader.parse("global: {accessLog: {}}", "off.yaml").global().accessLog())
        .isEqualTo(AccessLog.OFF);
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
  void everyPolicyKeyReadsIntoItsRecord() {
    Config c =
        ConfigLoader.parse(
            """
            frontends:
              - name: http
                listen: 127.0.0.1:8080
                routes: [{backend: b, faults: {delay: {percent: 0.5, duration: 3s}}}]
            backends:
              - name: b
                healthCheck:
                  type: http
                  method: HEAD
                  path: /healthz?full=1
                  host: app.example.com
                  expectStatus: [200, "204", "300-302"]
                  expectBody: ok
                  interval: 3s
                  fastinter: 1s
                  downinter: 10s
                  timeout: 500ms
                  rise: 4
                  fall: 5
                  port: 8081
                observe: {errorLimit: 7, onError: sudden-death, errorStatuses: []}
                retries:
                  attempts: 4
                  retryOn: [empty-response, 429, "503"]
                  redispatch: false
                  perTryTimeout: 2s
                  backoff: {base: 10ms, max: 1s, jitter: 50}
                  bufferLimit: 1024
                  retryNonIdempotent: true
                  budget: {ratio: 1, minPerSecond: 0, window: 1m}
                circuitBreaker:
                  windowType: count
                  window: 20s
                  windowSize: 50
                  failureRateThreshold: 40
                  minimumRequests: 10
                  consecutiveFailures: 3
                  slowCallRateThreshold: 80
                  slowCallDuration: 1s
                  openDuration: 5s
                  maxOpenDuration: 1m
                  halfOpenRequests: 2
                outlierDetection: {consecutiveFailures: 5, maxEjectionPercent: 30}
                limits: {maxConnections: 1, maxPendingRequests: 2, maxRequests: 3, maxRetries: 4}
                slowstart: 20s
                faults: {delay: {duration: 2s}, abort: {percent: 12.5, status: 503}}
                servers: [{name: s1, address: 10.0.0.1:80, initialState: down}]
            """,
            "policy.yaml");

    Backend b = c.backend("b");
    HealthCheck check =
        new HealthCheck(
            HealthCheck.Type.HTTP,
            "HEAD",
            "/healthz?full=1",
            "app.example.com",
            List.of(
                new StatusRange(200, 200), new StatusRange(204, 204), new StatusRange(300, 302)),
            "ok",
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofMillis(500),
            4,
            5,
            8081);
    Breaker d = Breaker.DEFAULT;
    BackendPolicy expected =
        new BackendPolicy(
            check,
            new Observe(7, Observe.OnError.SUDDEN_DEATH, List.of()),
            new Retries(
                4,
                Set.of(Retries.On.EMPTY_RESPONSE),
                Set.of(429, 503),
                false,
                Duration.ofSeconds(2),
                new Retries.Backoff(Duration.ofMillis(10), Duration.ofSeconds(1), 50),
                1024,
                true,
                new Retries.Budget(1.0, 0, Duration.ofMinutes(1))),
            new Breaker(
                Breaker.WindowType.COUNT,
                Duration.ofSeconds(20),
                50,
                40,
                10,
                3,
                80,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                2,
                d.maxEjectionPercent()),
            new Breaker(
                d.windowType(),
                d.window(),
                d.windowSize(),
                d.failureRateThreshold(),
                d.minimumRequests(),
                5,
                d.slowCallRateThreshold(),
                d.slowCallDuration(),
                d.openDuration(),
                d.maxOpenDuration(),
                d.halfOpenRequests(),
                30),
            new Limits(1, 2, 3, 4),
            Duration.ofSeconds(20),
            new Faults(
                new Faults.Delay(Faults.DEFAULT_PERCENT, Duration.ofSeconds(2)),
                new Faults.Abort(12.5, 503)));
    assertThat(b.policy()).isEqualTo(expected);
    assertThat(b.servers().get(0).initialState()).isEqualTo(InitialState.DOWN);
    assertThat(b.servers().get(0).healthCheck()).isEqualTo(check);
    assertThat(c.frontends().get(0).routes().get(0).faults())
        .isEqualTo(new Faults(new Faults.Delay(0.5, Duration.ofSeconds(3)), null));
  }

  @Test
  void withoutPolicyKeysABackendHasTheDefaultPolicyAndUncheckedServers() {
    Config c =
        ConfigLoader.parse(
            "backends: [{name: b, servers: [{name: s, address: a:1}]}]", "none.yaml");

    assertThat(c.defaults().policy()).isEqualTo(BackendPolicy.DEFAULT);
    assertThat(c.backend("b").policy()).isEqualTo(BackendPolicy.DEFAULT);
    assertThat(c.backend("b").servers().get(0).healthCheck()).isNull();
    assertThat(c.backend("b").servers().get(0).initialState()).isEqualTo(InitialState.UP);
  }

  @Test
  void healthChecksInheritKeyByKeyFromDefaultsToBackendToServer() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {healthCheck: {interval: 5s, rise: 3}}
            backends:
              - name: b
                healthCheck: {type: http, path: /healthz, fall: 5}
                servers:
                  - {name: inherits, address: a:1}
                  - {name: overrides, address: a:2, healthCheck: {port: 9090, interval: 1s}}
                  - {name: unchecked, address: a:3, healthCheck: {enabled: false}}
              - name: plain
                servers: [{name: s, address: a:4}]
            """,
            "inherit.yaml");

    HealthCheck defaults = c.defaults().policy().healthCheck();
    assertThat(defaults.type()).isEqualTo(HealthCheck.Type.TCP);
    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.rise()).isEqualTo(3);
    Backend b = c.backend("b");
    HealthCheck backend = b.policy().healthCheck();
    assertThat(backend)
        .isEqualTo(
            new HealthCheck(
                HealthCheck.Type.HTTP,
                "GET",
                "/healthz",
                null,
                StatusRange.CHECK_OK,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                3,
                5,
                0));
    assertThat(b.servers().get(0).healthCheck()).isEqualTo(backend);
    HealthCheck overrides = b.servers().get(1).healthCheck();
    assertThat(overrides.port()).isEqualTo(9090);
    assertThat(overrides.path()).isEqualTo("/healthz");
    assertThat(overrides.rise()).isEqualTo(3);
    // fastinter, downinter and timeout follow the server's own interval.
    assertThat(
            List.of(
                overrides.interval(),
                overrides.fastinter(),
                overrides.downinter(),
                overrides.timeout()))
        .containsOnly(Duration.ofSeconds(1));
    assertThat(b.servers().get(2).healthCheck()).isNull();
    assertThat(c.backend("plain").policy().healthCheck()).isEqualTo(defaults);
    assertThat(c.backend("plain").servers().get(0).healthCheck()).isEqualTo(defaults);
  }

  @Test
  void derivedIntervalsFollowTheEffectiveIntervalUnlessSomeLevelSetsThem() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {healthCheck: {fastinter: 500ms}}
            backends: [{name: b, healthCheck: {interval: 4s}}]
            """,
            "inter.yaml");

    HealthCheck check = c.backend("b").policy().healthCheck();
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(4));
    assertThat(check.fastinter()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.downinter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aServerCheckOnAnUncheckedBackendChecksThatServerAloneWithDefaults() {
    Config c =
        ConfigLoader.parse(
            """
            backends:
              - name: b
                servers:
                  - {name: checked, address: a:1, healthCheck: {port: 9090}}
                  - {name: unchecked, address: a:2}
            """,
            "server-only.yaml");

    Backend b = c.backend("b");
    assertThat(b.policy().healthCheck()).isNull();
    assertThat(b.servers().get(0).healthCheck())
        .isEqualTo(
            new HealthCheck(
                HealthCheck.Type.TCP,
                "GET",
                "/",
                null,
                StatusRange.CHECK_OK,
                null,
                HealthCheck.DEFAULT_INTERVAL,
                HealthCheck.DEFAULT_INTERVAL,
                HealthCheck.DEFAULT_INTERVAL,
                HealthCheck.DEFAULT_INTERVAL,
                HealthCheck.DEFAULT_RISE,
                HealthCheck.DEFAULT_FALL,
                9090));
    assertThat(b.servers().get(1).healthCheck()).isNull();
  }

  @Test
  void enabledFalseTurnsOffWhatDefaultsTurnedOn() {
    Config c =
        ConfigLoader.parse(
            """
            defaults:
              healthCheck: {}
              observe: {}
              circuitBreaker: {}
              outlierDetection: {}
              faults: {abort: {status: 503}}
            backends:
              - name: inherits
              - name: turned-off
                healthCheck: {enabled: false}
                observe: {enabled: false}
                circuitBreaker: {enabled: false}
                outlierDetection: {enabled: false}
                faults: {enabled: false}
                servers: [{name: s, address: a:1}]
            """,
            "off.yaml");

    BackendPolicy on = c.backend("inherits").policy();
    assertThat(on.healthCheck()).isEqualTo(HealthCheck.DEFAULT);
    assertThat(on.observe()).isEqualTo(Observe.DEFAULT);
    assertThat(on.circuitBreaker()).isEqualTo(Breaker.DEFAULT);
    assertThat(on.outlierDetection()).isEqualTo(Breaker.DEFAULT);
    assertThat(on.faults()).isEqualTo(new Faults(null, new Faults.Abort(100, 503)));
    Backend off = c.backend("turned-off");
    assertThat(off.policy()).isEqualTo(BackendPolicy.DEFAULT);
    assertThat(off.servers().get(0).healthCheck()).isNull();
  }

  @Test
  void aDisabledMapInDefaultsIsATemplateForBackendsThatTurnItOn() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {circuitBreaker: {enabled: false, openDuration: 1m, windowType: count}}
            backends:
              - {name: stays-off}
              - {name: turns-on, circuitBreaker: {halfOpenRequests: 1}}
            """,
            "template.yaml");

    assertThat(c.defaults().policy().circuitBreaker()).isNull();
    assertThat(c.backend("stays-off").policy().circuitBreaker()).isNull();
    Breaker on = c.backend("turns-on").policy().circuitBreaker();
    assertThat(on.openDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(on.windowType()).isEqualTo(Breaker.WindowType.COUNT);
    assertThat(on.halfOpenRequests()).isEqualTo(1);
    assertThat(on.maxEjectionPercent()).isEqualTo(Breaker.DEFAULT.maxEjectionPercent());
  }

  static Stream<Arguments> retryOnLists() {
    Set<Retries.On> all = EnumSet.allOf(Retries.On.class);
    return Stream.of(
        Arguments.of("[conn-failure]", Set.of(Retries.On.CONN_FAILURE), Set.of()),
        Arguments.of("[none]", Set.of(), Set.of()),
        Arguments.of("[none, none]", Set.of(), Set.of()),
        Arguments.of("[all-retryable-errors]", all, Set.of(500, 502, 503, 504)),
        Arguments.of("[all-retryable-errors, 429, 503]", all, Set.of(429, 500, 502, 503, 504)),
        Arguments.of(
            "[empty-response, junk-response, response-timeout, \"404\", 425]",
            Set.of(
                Retries.On.EMPTY_RESPONSE, Retries.On.JUNK_RESPONSE, Retries.On.RESPONSE_TIMEOUT),
            Set.of(404, 425)),
        Arguments.of("[503, 503]", Set.of(), Set.of(503)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("retryOnLists")
  void retryOnExpandsIntoKindsAndStatuses(String list, Set<Retries.On> on, Set<Integer> statuses) {
    Retries r =
        ConfigLoader.parse("defaults: {retries: {retryOn: " + list + "}}", "r.yaml")
            .defaults()
            .policy()
            .retries();

    assertThat(r.on()).isEqualTo(on);
    assertThat(r.statuses()).isEqualTo(statuses);
  }

  @Test
  void retriesMergeKeyByKeyButRetryOnReplacesTheInheritedList() {
    Config c =
        ConfigLoader.parse(
            """
            defaults:
              retries: {attempts: 5, retryOn: [conn-failure, 503], backoff: {base: 50ms},
                        budget: {ratio: 0.5}}
            backends:
              - {name: inherits}
              - name: own
                retries: {retryOn: [empty-response], backoff: {max: 1s}, budget: {window: 1m}}
            """,
            "retries.yaml");

    Retries inherits = c.backend("inherits").policy().retries();
    assertThat(inherits.attempts()).isEqualTo(5);
    assertThat(inherits.on()).containsExactly(Retries.On.CONN_FAILURE);
    assertThat(inherits.statuses()).containsExactly(503);
    Retries own = c.backend("own").policy().retries();
    assertThat(own.attempts()).isEqualTo(5);
    assertThat(own.on()).containsExactly(Retries.On.EMPTY_RESPONSE);
    assertThat(own.statuses()).isEmpty();
    assertThat(own.backoff())
        .isEqualTo(new Retries.Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 100));
    assertThat(own.budget()).isEqualTo(new Retries.Budget(0.5, 10, Duration.ofMinutes(1)));
  }

  @Test
  void faultsInheritDelayAndAbortWholeAndRouteFaultsReplaceTheBackends() {
    Config c =
        ConfigLoader.parse(
            """
            defaults: {faults: {delay: {percent: 10, duration: 1s}}}
            frontends:
              - name: http
                listen: 127.0.0.1:8080
                routes:
                  - {path: /own, backend: b, faults: {abort: {status: 500}}}
                  - {path: /off, backend: b, faults: {enabled: false}}
                  - {path: /backend, backend: b}
            backends:
              - {name: b, faults: {delay: {duration: 3s}, abort: {percent: 1, status: 503}}}
            """,
            "faults.yaml");

    assertThat(c.backend("b").policy().faults())
        .isEqualTo(
            new Faults(new Faults.Delay(100, Duration.ofSeconds(3)), new Faults.Abort(1, 503)));
    assertThat(c.frontends().get(0).routes())
        .extracting(Route::faults)
        .containsExactly(
            new Faults(null, new Faults.Abort(100, 500)), new Faults(null, null), null);
  }

  @Test
  void invalidPolicyValuesFallBackToTheInheritedOnes() {
    // The error is reported (see ConfigLoaderErrorsTest); what the servers would inherit is the
    // valid value from above, which is why nothing is reported twice.
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    """
                    defaults: {healthCheck: {rise: 4}}
                    backends:
                      - {name: b, healthCheck: {rise: 0}, servers: [{name: s, address: a:1}]}
                    """,
                    "fallback.yaml"));

    assertThat(e.errors())
        .containsExactly(new ConfigError("backends[0].healthCheck.rise", "0 (expected: 1..100)"));
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
  void readerAndValidatorErrorsAreMergedInSchemaOrder() {
    // The empty name is the validator's, the address the reader's: the reader's come first
    // until sorted.
    String yaml =
        """
        frontends:
          - {name: "", listen: nope, timeouts: {client: 0s}}
        global: {workers: -1}
        """;

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "o.yaml"));

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .containsExactly(
            "global.workers",
            "frontends[0].name",
            "frontends[0].listen",
            "frontends[0].timeouts.client");
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
