package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    rows.addAll(policyRows());
    rows.addAll(interfaceRows());
    return rows.stream();
  }

  private static Config withInterfaces(
      List<RuntimeApiListener> runtimeApi, StatsPage stats, DataplaneApi api, AccessLog log) {
    return new Config(
        VALID.global().withInterfaces(runtimeApi, stats, api, log),
        VALID.defaults(),
        VALID.frontends(),
        VALID.backends());
  }

  private static Config withRuntimeApi(RuntimeApiListener... listeners) {
    return withInterfaces(List.of(listeners), null, null, AccessLog.OFF);
  }

  private static Config withStats(StatsPage stats) {
    return withInterfaces(List.of(), stats, null, AccessLog.OFF);
  }

  private static Config withAccessLog(AccessLog log) {
    return withInterfaces(List.of(), null, null, log);
  }

  private static final RuntimeApiListener UNIX =
      RuntimeApiListener.unix("/run/bw.sock", AccessLevel.ADMIN);
  private static final RuntimeApiListener TCP =
      RuntimeApiListener.tcp(new HostPort("127.0.0.1", 9999), AccessLevel.OPERATOR);
  private static final StatsPage STATS =
      new StatsPage(new HostPort("127.0.0.1", 8404), StatsPage.DEFAULT_REFRESH, null, null, false);
  private static final AccessLog TO_FILE =
      new AccessLog(
          AccessLog.Target.FILE,
          "/var/log/bw.log",
          AccessLog.Format.JSON,
          AccessLog.DEFAULT_BUFFER);

  private static List<Arguments> interfaceRows() {
    String first = "global.runtimeApi[0]";
    return List.of(
        row(
            "runtimeApi both unix and tcp",
            c -> withRuntimeApi(with(UNIX, "tcp", TCP.tcp())),
            first,
            "both unix and tcp (expected: exactly one"),
        row(
            "runtimeApi neither unix nor tcp",
            c -> withRuntimeApi(with(UNIX, "unix", null)),
            first,
            "neither unix nor tcp (expected: exactly one of unix, tcp)"),
        row(
            "empty unix path",
            c -> withRuntimeApi(with(UNIX, "unix", "")),
            first + ".unix",
            "\"\" (expected: an absolute path)"),
        row(
            "unix path with a newline",
            c -> withRuntimeApi(with(UNIX, "unix", "/run/a\nb")),
            first + ".unix",
            "\"/run/a\\nb\" (expected: a path without control characters)"),
        row(
            "unix path longer than sun_path",
            c -> withRuntimeApi(with(UNIX, "unix", "/" + "é".repeat(54))),
            first + ".unix",
            "is 109 bytes long (expected: at most 107"),
        row(
            "mode above 0777",
            c -> withRuntimeApi(with(UNIX, "mode", 01000)),
            first + ".mode",
            "01000 (expected: 0000..0777)"),
        row(
            "negative mode",
            c -> withRuntimeApi(with(UNIX, "mode", -1)),
            first + ".mode",
            "-0001 (expected: 0000..0777)"),
        row(
            "mode on tcp",
            c -> withRuntimeApi(with(TCP, "mode", 0644)),
            first + ".mode",
            "0644 (expected: no mode; mode applies to unix only)"),
        row(
            "owner on tcp",
            c -> withRuntimeApi(with(TCP, "owner", "bw")),
            first + ".owner",
            "\"bw\" (expected: no owner; owner applies to unix only)"),
        row(
            "empty owner",
            c -> withRuntimeApi(with(UNIX, "owner", "")),
            first + ".owner",
            "\"\" (expected: a user name without spaces or \":\")"),
        row(
            "allowRemote on unix",
            c -> withRuntimeApi(with(UNIX, "allowRemote", true)),
            first + ".allowRemote",
            "true (expected: false; allowRemote applies to tcp only)"),
        row(
            "tcp off loopback without allowRemote",
            c -> withRuntimeApi(with(TCP, "tcp", new HostPort("10.0.0.5", 9999))),
            first + ".tcp",
            "\"10.0.0.5:9999\" is not a loopback address (expected: 127.0.0.0/8 or [::1]; set"
                + " allowRemote: true"),
        row(
            "duplicate unix path",
            c ->
                withRuntimeApi(
                    UNIX, TCP, RuntimeApiListener.unix("/run/./bw.sock", AccessLevel.USER)),
            "global.runtimeApi[2].unix",
            "\"/run/./bw.sock\" is already used by global.runtimeApi[0].unix"),
        row(
            "duplicate tcp address",
            c -> withRuntimeApi(TCP, UNIX, TCP),
            "global.runtimeApi[2].tcp",
            "\"127.0.0.1:9999\" is already used by global.runtimeApi[0].tcp"),
        row(
            "stats on the frontend's address",
            c -> withStats(with(STATS, "listen", LISTEN)),
            "global.stats.listen",
            "\"127.0.0.1:8080\" is already used by frontends[0].listen \"127.0.0.1:8080\""),
        row(
            "stats on a runtime tcp address",
            c ->
                withInterfaces(List.of(TCP), with(STATS, "listen", TCP.tcp()), null, AccessLog.OFF),
            "global.stats.listen",
            "is already used by global.runtimeApi[0].tcp"),
        row(
            "dataplaneApi overlapping stats",
            c ->
                withInterfaces(
                    List.of(),
                    with(STATS, "listen", new HostPort("::", 8404)),
                    new DataplaneApi(new HostPort("127.0.0.1", 8404), null),
                    AccessLog.OFF),
            "global.dataplaneApi.listen",
            "\"127.0.0.1:8404\" overlaps global.stats.listen \"[::]:8404\""),
        row(
            "stats listen port 65536",
            c -> withStats(with(STATS, "listen", new HostPort("127.0.0.1", 65536))),
            "global.stats.listen",
            "port 65536 is outside 1..65535"),
        row(
            "stats refresh 0s",
            c -> withStats(with(STATS, "refresh", Duration.ZERO)),
            "global.stats.refresh",
            "0s (expected: > 0)"),
        row(
            "stats admin without auth",
            c -> withStats(with(STATS, "admin", true)),
            "global.stats.admin",
            "true (expected: false without auth"),
        row(
            "stats user without password",
            c -> withStats(with(STATS, "user", "admin")),
            "global.stats.auth.password",
            "missing (required)"),
        row(
            "stats password without user",
            c -> withStats(with(STATS, "password", "secret")),
            "global.stats.auth.user",
            "missing (required)"),
        row(
            "stats user with a space",
            c -> withStats(new StatsPage(STATS.listen(), STATS.refresh(), "a b", "pw", true)),
            "global.stats.auth.user",
            "\"a b\" (expected: a non-empty user name without \":\" or spaces)"),
        row(
            "dataplaneApi off loopback without token",
            c ->
                withInterfaces(
                    List.of(),
                    null,
                    new DataplaneApi(new HostPort("0.0.0.0", 5555), null),
                    AccessLog.OFF),
            "global.dataplaneApi.tokenFile",
            "missing (required: listen \"0.0.0.0:5555\" is not a loopback address"),
        row(
            "dataplaneApi empty tokenFile",
            c ->
                withInterfaces(
                    List.of(),
                    null,
                    new DataplaneApi(new HostPort("::1", 5555), ""),
                    AccessLog.OFF),
            "global.dataplaneApi.tokenFile",
            "\"\" (expected: an absolute path)"),
        row(
            "access log to a file without file",
            c -> withAccessLog(with(TO_FILE, "file", null)),
            "global.accessLog.file",
            "missing (required with target: file)"),
        row(
            "access log file with target stdout",
            c -> withAccessLog(with(TO_FILE, "target", AccessLog.Target.STDOUT)),
            "global.accessLog.file",
            "\"/var/log/bw.log\" (expected: no file with target: stdout; set target: file"),
        row(
            "access log buffer 15",
            c -> withAccessLog(with(AccessLog.OFF, "buffer", 15)),
            "global.accessLog.buffer",
            "15 (expected: 16..1048576)"));
  }

  /**
   * The record with one component replaced, so a row changes exactly the value it is about: {@code
   * with(HealthCheck.DEFAULT, "rise", 0)}.
   */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, String component, Object value) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    boolean found = false;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        found |= components[i].getName().equals(component);
        args[i] =
            components[i].getName().equals(component)
                ? value
                : components[i].getAccessor().invoke(record);
      }
      if (!found) {
        throw new IllegalArgumentException(record.getClass() + " has no " + component);
      }
      return (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Config withPolicy(String component, Object value) {
    return withBackends(
        backend("b", server("s1", 9001)).withPolicy(with(BackendPolicy.DEFAULT, component, value)));
  }

  private static Config withCheck(String component, Object value) {
    return withPolicy("healthCheck", with(HealthCheck.DEFAULT, component, value));
  }

  private static Config withRetries(String component, Object value) {
    return withPolicy("retries", with(Retries.DEFAULT, component, value));
  }

  private static Config withBreaker(String component, Object value) {
    return withPolicy("circuitBreaker", with(Breaker.DEFAULT, component, value));
  }

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private static List<Arguments> policyRows() {
    String check = "backends[0].healthCheck.";
    String retries = "backends[0].retries.";
    String breaker = "backends[0].circuitBreaker.";
    List<StatusRange> none = List.of();
    return List.of(
        row("check rise 0", c -> withCheck("rise", 0), check + "rise", "0 (expected: 1..100)"),
        row(
            "check fall 101",
            c -> withCheck("fall", 101),
            check + "fall",
            "101 (expected: 1..100)"),
        row(
            "negative check port",
            c -> withCheck("port", -1),
            check + "port",
            "-1 (expected: 0..65535)"),
        row(
            "check interval 0s",
            c -> withCheck("interval", Duration.ZERO),
            check + "interval",
            "0s (expected: > 0)"),
        row(
            "check fastinter 0s",
            c -> withCheck("fastinter", Duration.ZERO),
            check + "fastinter",
            "0s (expected: > 0)"),
        row(
            "check downinter 0s",
            c -> withCheck("downinter", Duration.ZERO),
            check + "downinter",
            "0s (expected: > 0)"),
        row(
            "negative check timeout",
            c -> withCheck("timeout", ONE_SECOND.negated()),
            check + "timeout",
            "-1s (expected: > 0)"),
        row(
            "check expectStatus empty",
            c -> withCheck("expectStatus", none),
            check + "expectStatus",
            "[] (expected: at least one status)"),
        row(
            "check expectStatus from high to low",
            c -> withCheck("expectStatus", List.of(new StatusRange(300, 200))),
            check + "expectStatus[0]",
            "300-200 (expected: a range from low to high)"),
        row(
            "check expectStatus below 100",
            c ->
                withCheck(
                    "expectStatus", List.of(StatusRange.CHECK_OK.get(0), new StatusRange(99, 99))),
            check + "expectStatus[1]",
            "99 (expected: statuses within 100..599)"),
        row(
            "check method",
            c -> withCheck("method", "GE T"),
            check + "method",
            "\"GE T\" (expected: an HTTP method such as GET)"),
        row(
            "check path",
            c -> withCheck("path", "healthz"),
            check + "path",
            "\"healthz\" (expected: a path starting with \"/\")"),
        row(
            "check host",
            c -> withCheck("host", "a\r\nb"),
            check + "host",
            "(expected: a host name without spaces"),
        row(
            "check expectBody",
            c -> withCheck("expectBody", ""),
            check + "expectBody",
            "\"\" (expected: a non-empty text"),
        row(
            "server check",
            c ->
                withBackends(
                    backend(
                        "b",
                        server("s1", 1).withHealthCheck(with(HealthCheck.DEFAULT, "rise", 0)))),
            "backends[0].servers[0].healthCheck.rise",
            "0 (expected: 1..100)"),
        row(
            "a server check that is its backend's is reported at the backend",
            c -> {
              HealthCheck bad = with(HealthCheck.DEFAULT, "fall", 0);
              return withBackends(
                  backend(
                          "b",
                          server("s1", 1).withHealthCheck(bad),
                          server("s2", 2).withHealthCheck(bad))
                      .withPolicy(with(BackendPolicy.DEFAULT, "healthCheck", bad)));
            },
            check + "fall",
            "0 (expected: 1..100)"),
        row(
            "defaults check",
            c ->
                new Config(
                    c.global(),
                    with(
                        Defaults.DEFAULT,
                        "policy",
                        with(
                            BackendPolicy.DEFAULT,
                            "healthCheck",
                            with(HealthCheck.DEFAULT, "rise", 0))),
                    c.frontends(),
                    c.backends()),
            "defaults.healthCheck.rise",
            "0 (expected: 1..100)"),
        row(
            "observe errorLimit 0",
            c -> withPolicy("observe", with(Observe.DEFAULT, "errorLimit", 0)),
            "backends[0].observe.errorLimit",
            "0 (expected: >= 1)"),
        row(
            "observe errorStatuses above 599",
            c ->
                withPolicy(
                    "observe",
                    with(Observe.DEFAULT, "errorStatuses", List.of(new StatusRange(500, 600)))),
            "backends[0].observe.errorStatuses[0]",
            "500-600 (expected: statuses within 100..599)"),
        row(
            "retries attempts 101",
            c -> withRetries("attempts", 101),
            retries + "attempts",
            "101 (expected: 0..100)"),
        row(
            "retry status that is not retryable",
            c -> withRetries("statuses", Set.of(503, 505)),
            retries + "retryOn",
            "505 is not a retryable status (expected: one of 401, 403, 404, 408, 421, 425, 429,"
                + " 500, 501, 502, 503, 504)"),
        row(
            "perTryTimeout 0s",
            c -> withRetries("perTryTimeout", Duration.ZERO),
            retries + "perTryTimeout",
            "0s (expected: > 0)"),
        row(
            "backoff max below base",
            c ->
                withRetries(
                    "backoff", new Retries.Backoff(ONE_SECOND, Duration.ofMillis(100), 100)),
            retries + "backoff.max",
            "100ms (expected: >= base 1s)"),
        row(
            "backoff base 0s is not also out of order",
            c -> withRetries("backoff", new Retries.Backoff(Duration.ZERO, ONE_SECOND, 100)),
            retries + "backoff.base",
            "0s (expected: > 0)"),
        row(
            "backoff jitter -1",
            c -> withRetries("backoff", new Retries.Backoff(ONE_SECOND, ONE_SECOND, -1)),
            retries + "backoff.jitter",
            "-1 (expected: 0..100)"),
        row(
            "bufferLimit above 16 MiB",
            c -> withRetries("bufferLimit", 16 * 1024 * 1024 + 1),
            retries + "bufferLimit",
            "16777217 (expected: 0..16777216)"),
        row(
            "budget ratio 1.5",
            c -> withRetries("budget", new Retries.Budget(1.5, 10, ONE_SECOND)),
            retries + "budget.ratio",
            "1.5 (expected: 0..1)"),
        row(
            "budget ratio NaN",
            c -> withRetries("budget", new Retries.Budget(Double.NaN, 10, ONE_SECOND)),
            retries + "budget.ratio",
            "NaN (expected: 0..1)"),
        row(
            "negative budget minPerSecond",
            c -> withRetries("budget", new Retries.Budget(0.2, -1, ONE_SECOND)),
            retries + "budget.minPerSecond",
            "-1 (expected: >= 0)"),
        row(
            "budget window 0s",
            c -> withRetries("budget", new Retries.Budget(0.2, 1, Duration.ZERO)),
            retries + "budget.window",
            "0s (expected: > 0)"),
        row(
            "breaker window 0s",
            c -> withBreaker("window", Duration.ZERO),
            breaker + "window",
            "0s (expected: > 0)"),
        row(
            "breaker windowSize 0",
            c -> withBreaker("windowSize", 0),
            breaker + "windowSize",
            "0 (expected: 1..10000)"),
        row(
            "breaker failureRateThreshold 101",
            c -> withBreaker("failureRateThreshold", 101),
            breaker + "failureRateThreshold",
            "101 (expected: 1..100)"),
        row(
            "breaker minimumRequests 0",
            c -> withBreaker("minimumRequests", 0),
            breaker + "minimumRequests",
            "0 (expected: >= 1)"),
        row(
            "negative breaker consecutiveFailures",
            c -> withBreaker("consecutiveFailures", -1),
            breaker + "consecutiveFailures",
            "-1 (expected: >= 0)"),
        row(
            "breaker slowCallRateThreshold 0",
            c -> withBreaker("slowCallRateThreshold", 0),
            breaker + "slowCallRateThreshold",
            "0 (expected: 1..100)"),
        row(
            "breaker slowCallDuration 0s",
            c -> withBreaker("slowCallDuration", Duration.ZERO),
            breaker + "slowCallDuration",
            "0s (expected: > 0)"),
        row(
            "breaker openDuration 0s",
            c -> withBreaker("openDuration", Duration.ZERO),
            breaker + "openDuration",
            "0s (expected: > 0)"),
        row(
            "breaker maxOpenDuration below openDuration",
            c -> withBreaker("maxOpenDuration", Duration.ofSeconds(10)),
            breaker + "maxOpenDuration",
            "10s (expected: >= openDuration 30s)"),
        row(
            "breaker halfOpenRequests 1001",
            c -> withBreaker("halfOpenRequests", 1001),
            breaker + "halfOpenRequests",
            "1001 (expected: 1..1000)"),
        row(
            "maxEjectionPercent on the backend breaker",
            c -> withBreaker("maxEjectionPercent", 30),
            breaker + "maxEjectionPercent",
            "30 (expected: 50; maxEjectionPercent applies to outlierDetection only)"),
        row(
            "outlier maxEjectionPercent 101",
            c -> withPolicy("outlierDetection", with(Breaker.DEFAULT, "maxEjectionPercent", 101)),
            "backends[0].outlierDetection.maxEjectionPercent",
            "101 (expected: 0..100)"),
        row(
            "negative limit",
            c -> withPolicy("limits", new Limits(0, 0, -1, 0)),
            "backends[0].limits.maxRequests",
            "-1 (expected: >= 0)"),
        row(
            "slowstart 0s",
            c -> withPolicy("slowstart", Duration.ZERO),
            "backends[0].slowstart",
            "0s (expected: > 0)"),
        row(
            "delay percent 150",
            c -> withPolicy("faults", new Faults(new Faults.Delay(150, ONE_SECOND), null)),
            "backends[0].faults.delay.percent",
            "150 (expected: 0..100)"),
        row(
            "delay without duration",
            c -> withPolicy("faults", new Faults(new Faults.Delay(10, null), null)),
            "backends[0].faults.delay.duration",
            "missing (required)"),
        row(
            "delay duration 0s",
            c -> withPolicy("faults", new Faults(new Faults.Delay(10, Duration.ZERO), null)),
            "backends[0].faults.delay.duration",
            "0s (expected: > 0)"),
        row(
            "abort status 600",
            c -> withPolicy("faults", new Faults(null, new Faults.Abort(10, 600))),
            "backends[0].faults.abort.status",
            "600 (expected: 200..599)"),
        row(
            "route abort percent",
            c ->
                withRoutes(
                    new Route(
                        null,
                        "/",
                        PathType.PREFIX,
                        "b",
                        new Faults(null, new Faults.Abort(-1, 503)))),
            "frontends[0].routes[0].faults.abort.percent",
            "-1 (expected: 0..100)"));
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
  void aFullyConfiguredPolicyIsValid() {
    Faults faults = new Faults(new Faults.Delay(0.5, ONE_SECOND), new Faults.Abort(100, 503));
    BackendPolicy p =
        new BackendPolicy(
            HealthCheck.DEFAULT,
            Observe.DEFAULT,
            Retries.DEFAULT,
            Breaker.DEFAULT,
            Breaker.DEFAULT,
            new Limits(1, 2, 3, 4),
            ONE_SECOND,
            faults);
    Config c =
        new Config(
            VALID.global(),
            with(Defaults.DEFAULT, "policy", p),
            List.of(
                frontend(
                    "http",
                    LISTEN,
                    new Route(null, "/", PathType.PREFIX, "b", faults),
                    new Route(null, "/off", PathType.PREFIX, "b", new Faults(null, null)))),
            List.of(
                backend("b", server("s1", 1).withHealthCheck(with(HealthCheck.DEFAULT, "port", 9)))
                    .withPolicy(p)));

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void fullyConfiguredInterfacesAreValid() {
    Config c =
        withInterfaces(
            List.of(
                new RuntimeApiListener(
                    "/run/bw.sock", null, AccessLevel.ADMIN, 0660, "breakwater", false),
                RuntimeApiListener.tcp(new HostPort("127.0.0.2", 9999), AccessLevel.USER),
                new RuntimeApiListener(
                    null, new HostPort("0.0.0.0", 9998), AccessLevel.OPERATOR, 0600, null, true),
                RuntimeApiListener.tcp(new HostPort("::1", 9999), AccessLevel.OPERATOR)),
            new StatsPage(new HostPort("0.0.0.0", 8404), Duration.ofSeconds(5), "a", "b", true),
            new DataplaneApi(new HostPort("10.0.0.1", 5555), "/etc/breakwater/api-token"),
            TO_FILE);

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void aLoopbackRestApiNeedsNoToken() {
    Config c =
        withInterfaces(
            List.of(),
            null,
            new DataplaneApi(new HostPort("127.0.0.1", 5555), null),
            AccessLog.OFF);

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void listenersOnPortZeroNeverCollide() {
    HostPort anyPort = new HostPort("127.0.0.1", 0);
    Config c =
        new Config(
            Global.DEFAULT.withInterfaces(
                List.of(RuntimeApiListener.tcp(anyPort, AccessLevel.ADMIN)),
                with(STATS, "listen", anyPort),
                new DataplaneApi(anyPort, null),
                AccessLog.OFF),
            Defaults.DEFAULT,
            List.of(frontend("a", anyPort), frontend("b", anyPort)),
            List.of());

    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void codeBuiltAndFileBuiltInterfacesGetTheSameErrors() {
    Config built =
        new Config(
            Global.DEFAULT.withInterfaces(
                List.of(
                    new RuntimeApiListener(
                        "/run/bw.sock",
                        new HostPort("127.0.0.1", 9999),
                        AccessLevel.ADMIN,
                        0600,
                        null,
                        false),
                    new RuntimeApiListener(
                        "run/bw.sock", null, AccessLevel.ADMIN, 01000, null, false),
                    RuntimeApiListener.tcp(new HostPort("0.0.0.0", 8080), AccessLevel.OPERATOR)),
                new StatsPage(
                    new HostPort("127.0.0.1", 9999), Duration.ofSeconds(10), "admin", null, true),
                new DataplaneApi(new HostPort("0.0.0.0", 5555), null),
                new AccessLog(
                    AccessLog.Target.STDOUT, "/var/log/bw.log", AccessLog.Format.HAPROXY, 8)),
            VALID.defaults(),
            List.of(
                frontend(
                    "http",
                    new HostPort("0.0.0.0", 8080),
                    route("echo.local", "/", PathType.PREFIX))),
            VALID.backends());
    String yaml =
        """
        global:
          runtimeApi:
            - {unix: /run/bw.sock, tcp: 127.0.0.1:9999}
            - {unix: run/bw.sock, mode: "1000"}
            - {tcp: 0.0.0.0:8080}
          stats: {listen: 127.0.0.1:9999, auth: {user: admin}, admin: true}
          dataplaneApi: {listen: 0.0.0.0:5555}
          accessLog: {target: stdout, file: /var/log/bw.log, format: haproxy, buffer: 8}
        frontends: [{name: http, listen: 0.0.0.0:8080, routes: [{host: echo.local, backend: b}]}]
        backends:
          - {name: b, servers: [{name: s1, address: 10.0.0.1:9001}, {name: s2, address: 10.0.0.1:9002}]}
        """;

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "i.yaml"));

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .containsExactly(
            "global.runtimeApi[0]",
            "global.runtimeApi[1].unix",
            "global.runtimeApi[1].mode",
            "global.runtimeApi[2].tcp",
            "global.runtimeApi[2].tcp",
            "global.stats.listen",
            "global.stats.auth.password",
            "global.dataplaneApi.tokenFile",
            "global.accessLog.file",
            "global.accessLog.buffer");
    assertThat(e.errors()).isEqualTo(ConfigValidator.validate(built));
  }

  @Test
  void codeBuiltAndFileBuiltPoliciesGetTheSameErrors() {
    Retries retries =
        with(
            Retries.DEFAULT, "backoff", new Retries.Backoff(ONE_SECOND, Duration.ofMillis(100), 0));
    BackendPolicy p =
        new BackendPolicy(
            with(HealthCheck.DEFAULT, "rise", 0),
            null,
            retries,
            null,
            with(Breaker.DEFAULT, "maxEjectionPercent", 101),
            Limits.NONE,
            null,
            new Faults(null, new Faults.Abort(100, 600)));
    Config built = withBackends(backend("b", server("s1", 1)).withPolicy(p));
    String yaml =
        """
        frontends: [{name: http, listen: 127.0.0.1:8080, routes: [{host: echo.local, backend: b}]}]
        backends:
          - name: b
            healthCheck: {rise: 0}
            retries: {backoff: {base: 1s, max: 100ms, jitter: 0}}
            outlierDetection: {maxEjectionPercent: 101}
            faults: {abort: {status: 600}}
            servers: [{name: s1, address: 10.0.0.1:1}]
        """;

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "p.yaml"));

    assertThat(e.errors()).hasSize(4).isEqualTo(ConfigValidator.validate(built));
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
