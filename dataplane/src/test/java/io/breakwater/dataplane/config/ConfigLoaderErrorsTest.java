package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule: a document with exactly one problem, the path it must be reported at and a
 * recognisable part of the message. Exactly one error is expected, so a row also proves the problem
 * is not reported twice (by the reader and again by the validator) nor echoed into the sections
 * that inherit it.
 */
class ConfigLoaderErrorsTest {

  /** A valid backend {@code b} with server {@code s1}, for rows that need something to route to. */
  private static final String BACKEND_B =
      "backends:\n  - {name: b, servers: [{name: s1, address: 10.0.0.1:80}]}\n";

  private static String frontend(String extra) {
    return "frontends:\n  - {name: http, listen: 127.0.0.1:8080" + extra + "}\n" + BACKEND_B;
  }

  private static String route(String route) {
    return frontend(", routes: [" + route + "]");
  }

  private static String server(String server) {
    return "backends:\n  - {name: b, servers: [{name: s0, address: 10.0.0.1:80}, "
        + server
        + "]}\n";
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        // Document level.
        row("syntax error", "global:\n  workers: 1\n bad: [\n", "", "YAML syntax error at line 3"),
        row("duplicate key", "global:\n  workers: 1\n  workers: 2\n", "", "Duplicate field"),
        row("two documents", "global: {}\n---\nglobal: {}\n", "", "more than one document"),
        row("top level list", "- global\n", "", "the top level is a list (expected: a map"),
        row("top level scalar", "hello\n", "", "the top level is \"hello\""),
        row("tab indentation", "global:\n\tworkers: 1\n", "", "YAML syntax error at line 2"),
        // Unknown keys.
        row(
            "unknown top-level key",
            "globals: {}\n",
            "globals",
            "unknown key, did you mean global?"),
        row(
            "unknown global key",
            "global: {threads: 4}\n",
            "global.threads",
            "(expected: one of workers, maxconn, transport, shutdownGrace)"),
        row(
            "unknown timeout key",
            "defaults: {timeouts: {read: 5s}}\n",
            "defaults.timeouts.read",
            "(expected: one of connect, client, server"),
        row(
            "unknown frontend key",
            frontend(", listn: 1.2.3.4:80"),
            "frontends[0].listn",
            "did you mean listen?"),
        row(
            "unknown route key",
            route("{backend: b, paht: /}"),
            "frontends[0].routes[0].paht",
            "did you mean path?"),
        row(
            "unknown server key",
            server("{name: s1, address: 10.0.0.2:80, weigth: 2}"),
            "backends[0].servers[1].weigth",
            "did you mean weight?"),
        // Types.
        row(
            "string for integer",
            "global: {workers: four}\n",
            "global.workers",
            "\"four\" (expected: integer)"),
        row(
            "decimal for integer",
            "global: {maxconn: 1.5}\n",
            "global.maxconn",
            "1.5 (expected: integer)"),
        row(
            "huge integer",
            "defaults: {maxconn: 99999999999}\n",
            "defaults.maxconn",
            "(expected: >= 0)"),
        row(
            "number for string",
            "backends: [{name: 80}]\n",
            "backends[0].name",
            "80 (expected: string; quote it)"),
        row(
            "boolean for string",
            BACKEND_B + "frontends: [{name: yes, listen: 1.2.3.4:80}]\n",
            "frontends[0].name",
            "true (expected: string"),
        row("list for map", "global: []\n", "global", "a list (expected: map)"),
        row("map for list", "frontends: {name: a}\n", "frontends", "a map (expected: list)"),
        row("scalar list element", "backends: [foo]\n", "backends[0]", "\"foo\" (expected: map)"),
        row("empty list element", "backends:\n  -\n", "backends[0]", "null (expected: map)"),
        row(
            "map for string",
            "backends: [{name: {a: b}}]\n",
            "backends[0].name",
            "a map (expected: string)"),
        row(
            "list for duration",
            "defaults: {timeouts: {connect: [5s]}}\n",
            "defaults.timeouts.connect",
            "a list (expected: duration)"),
        // Required keys.
        row(
            "frontend name",
            "frontends: [{listen: 1.2.3.4:80}]\n",
            "frontends[0].name",
            "missing (required)"),
        row(
            "frontend listen",
            "frontends: [{name: a}]\n",
            "frontends[0].listen",
            "missing (required)"),
        row(
            "backend name",
            "backends: [{servers: []}]\n",
            "backends[0].name",
            "missing (required)"),
        row(
            "server name",
            server("{address: 10.0.0.2:80}"),
            "backends[0].servers[1].name",
            "missing (required)"),
        row(
            "server address",
            server("{name: s1}"),
            "backends[0].servers[1].address",
            "missing (required)"),
        row(
            "null server address",
            server("{name: s1, address: }"),
            "backends[0].servers[1].address",
            "missing (required)"),
        row(
            "route backend",
            route("{path: /}"),
            "frontends[0].routes[0].backend",
            "missing (required)"),
        // host:port.
        row(
            "address with 3 octets",
            server("{name: s1, address: \"10.0.0:80\"}"),
            "backends[0].servers[1].address",
            "\"10.0.0:80\" is not host:port"),
        row(
            "listen port 0",
            "frontends: [{name: a, listen: \"host:0\"}]\n",
            "frontends[0].listen",
            "port 0 is outside 1..65535"),
        row(
            "listen port 65536",
            "frontends: [{name: a, listen: \"host:65536\"}]\n",
            "frontends[0].listen",
            "port 65536 is outside 1..65535"),
        row(
            "listen empty label",
            "frontends: [{name: a, listen: \"a..b:80\"}]\n",
            "frontends[0].listen",
            "bad host \"a..b\""),
        row(
            "listen without port",
            "frontends: [{name: a, listen: localhost}]\n",
            "frontends[0].listen",
            "missing :port"),
        row(
            "listen as number",
            "frontends: [{name: a, listen: 8080}]\n",
            "frontends[0].listen",
            "8080 (expected: host:port)"),
        // Durations.
        row(
            "duration in words",
            "defaults: {timeouts: {connect: 5 seconds}}\n",
            "defaults.timeouts.connect",
            "\"5 seconds\" is not a duration (expected e.g. 250ms, 5s, 1m, 1h)"),
        row(
            "duration as number",
            "defaults: {timeouts: {connect: 5}}\n",
            "defaults.timeouts.connect",
            "5 has no unit"),
        row(
            "duration without unit",
            "defaults: {timeouts: {connect: \"5\"}}\n",
            "defaults.timeouts.connect",
            "\"5\" has no unit"),
        row(
            "negative duration",
            "global: {shutdownGrace: -5s}\n",
            "global.shutdownGrace",
            "\"-5s\" is negative"),
        row(
            "decimal duration",
            "defaults: {timeouts: {server: 1.5s}}\n",
            "defaults.timeouts.server",
            "whole numbers only"),
        row(
            "zero default timeout",
            "defaults: {timeouts: {connect: 0s}}\n",
            "defaults.timeouts.connect",
            "0s (expected: > 0)"),
        row(
            "zero frontend timeout",
            frontend(", timeouts: {client: 0ms}"),
            "frontends[0].timeouts.client",
            "0s (expected: > 0)"),
        row(
            "zero backend timeout",
            "backends: [{name: b, timeouts: {queue: 0s}}]\n",
            "backends[0].timeouts.queue",
            "0s (expected: > 0)"),
        row(
            "zero default timeout is not echoed into inheritors",
            frontend("") + "defaults: {timeouts: {client: 0s, connect: 0s}}\n",
            "defaults.timeouts.connect",
            "0s (expected: > 0)",
            "defaults.timeouts.client"),
        // Enums.
        row(
            "balance",
            "defaults: {balance: roundrobbin}\n",
            "defaults.balance",
            "\"roundrobbin\", did you mean roundrobin? (expected: one of roundrobin, leastconn, random, source, uri)"),
        row(
            "backend balance",
            "backends: [{name: b, balance: weighted}]\n",
            "backends[0].balance",
            "(expected: one of roundrobin"),
        row(
            "transport",
            "global: {transport: kqueue}\n",
            "global.transport",
            "(expected: one of auto, epoll, io_uring, nio)"),
        row(
            "pathType spelling",
            route("{path: /, pathType: prefix, backend: b}"),
            "frontends[0].routes[0].pathType",
            "did you mean Prefix? (expected: one of Exact, Prefix, ImplementationSpecific)"),
        row(
            "pathType regex",
            route("{path: /, pathType: Regex, backend: b}"),
            "frontends[0].routes[0].pathType",
            "(expected: one of Exact, Prefix, ImplementationSpecific)"),
        // Ranges.
        row(
            "workers above 1024",
            "global: {workers: 1025}\n",
            "global.workers",
            "1025 (expected: 0..1024)"),
        row(
            "negative workers",
            "global: {workers: -1}\n",
            "global.workers",
            "-1 (expected: 0..1024)"),
        row("global maxconn 0", "global: {maxconn: 0}\n", "global.maxconn", "0 (expected: >= 1)"),
        row(
            "weight 300",
            server("{name: s1, address: 10.0.0.2:80, weight: 300}"),
            "backends[0].servers[1].weight",
            "300 (expected: 0..256)"),
        row(
            "negative weight",
            server("{name: s1, address: 10.0.0.2:80, weight: -1}"),
            "backends[0].servers[1].weight",
            "-1 (expected: 0..256)"),
        row(
            "negative server maxconn",
            server("{name: s1, address: 10.0.0.2:80, maxconn: -1}"),
            "backends[0].servers[1].maxconn",
            "-1 (expected: >= 0)"),
        row(
            "negative backend maxconn is reported once, not per server",
            "backends:\n  - {name: b, maxconn: -1, servers: [{name: s1, address: 10.0.0.1:80}, {name: s2, address: 10.0.0.2:80}]}\n",
            "backends[0].maxconn",
            "-1 (expected: >= 0)"),
        row(
            "negative backend maxqueue",
            "backends: [{name: b, maxqueue: -5}]\n",
            "backends[0].maxqueue",
            "-5 (expected: >= 0)"),
        row(
            "negative default maxconn is reported once",
            server("{name: s1, address: 10.0.0.2:80}") + "defaults: {maxconn: -1}\n",
            "defaults.maxconn",
            "-1 (expected: >= 0)"),
        row(
            "negative default maxqueue is reported once",
            BACKEND_B + "defaults: {maxqueue: -1}\n",
            "defaults.maxqueue",
            "-1 (expected: >= 0)"),
        // Names and duplicates.
        row(
            "empty name",
            "backends: [{name: \"\"}]\n",
            "backends[0].name",
            "\"\" (expected: a non-empty name without spaces)"),
        row(
            "name with space",
            "backends: [{name: my backend}]\n",
            "backends[0].name",
            "(expected: a non-empty name without spaces)"),
        row(
            "duplicate frontend",
            "frontends: [{name: a, listen: 1.2.3.4:80}, {name: a, listen: 1.2.3.4:81}]\n",
            "frontends[1].name",
            "\"a\" is already the name of frontends[0]"),
        row(
            "duplicate backend",
            "backends: [{name: b}, {name: c}, {name: b}]\n",
            "backends[2].name",
            "\"b\" is already the name of backends[0]"),
        row(
            "duplicate server",
            server("{name: s0, address: 10.0.0.2:80}"),
            "backends[0].servers[1].name",
            "\"s0\" is already the name of backends[0].servers[0]"),
        row(
            "duplicate listen",
            "frontends: [{name: a, listen: 1.2.3.4:80}, {name: b, listen: 1.2.3.4:80}]\n",
            "frontends[1].listen",
            "\"1.2.3.4:80\" is already used by frontends[0].listen"),
        row(
            "listen overlapping a wildcard",
            "frontends: [{name: a, listen: 0.0.0.0:80}, {name: b, listen: 127.0.0.1:80}]\n",
            "frontends[1].listen",
            "\"127.0.0.1:80\" overlaps frontends[0].listen \"0.0.0.0:80\""),
        // References.
        row(
            "route to undefined backend",
            route("{backend: c}"),
            "frontends[0].routes[0].backend",
            "\"c\" is not a defined backend"),
        row(
            "route to misspelt backend",
            route("{backend: bb}"),
            "frontends[0].routes[0].backend",
            "did you mean \"b\"?"),
        row(
            "undefined defaultBackend",
            frontend(", defaultBackend: nope"),
            "frontends[0].defaultBackend",
            "\"nope\" is not a defined backend"),
        // Route shapes.
        row(
            "relative path",
            route("{path: api, backend: b}"),
            "frontends[0].routes[0].path",
            "\"api\" (expected: a path starting with \"/\")"),
        row(
            "path with query",
            route("{path: \"/a?b=c\", backend: b}"),
            "frontends[0].routes[0].path",
            "without \"?\" or \"#\""),
        row(
            "host with port",
            route("{host: \"foo.com:80\", backend: b}"),
            "frontends[0].routes[0].host",
            "a route host has no port"),
        row(
            "double wildcard",
            route("{host: \"*.*.example.com\", backend: b}"),
            "frontends[0].routes[0].host",
            "is not a valid host"),
        row(
            "inner wildcard",
            route("{host: \"foo.*.com\", backend: b}"),
            "frontends[0].routes[0].host",
            "is not a valid host"),
        row(
            "bare wildcard",
            route("{host: \"*\", backend: b}"),
            "frontends[0].routes[0].host",
            "is not a valid host"),
        row(
            "wildcard without dot",
            route("{host: \"*example.com\", backend: b}"),
            "frontends[0].routes[0].host",
            "is not a valid host"),
        row(
            "empty host",
            route("{host: \"\", backend: b}"),
            "frontends[0].routes[0].host",
            "omit host to match any host"),
        row(
            "host with empty label",
            route("{host: \"a..b\", backend: b}"),
            "frontends[0].routes[0].host",
            "is not a valid host"),
        row(
            "duplicate route",
            route("{host: a.com, path: /x, backend: b}, {host: a.com, path: /x, backend: b}"),
            "frontends[0].routes[1]",
            "matches the same requests as frontends[0].routes[0]"),
        row(
            "duplicate route by default path and pathType",
            route("{backend: b}, {path: /, pathType: Prefix, backend: b}"),
            "frontends[0].routes[1]",
            "matches the same requests as frontends[0].routes[0]"),
        row(
            "duplicate route up to host case",
            route("{host: A.com, path: /x, backend: b}, {host: a.COM, path: /x, backend: b}"),
            "frontends[0].routes[1]",
            "matches the same requests"),
        row(
            "duplicate Prefix route up to trailing slash",
            route("{path: /api, backend: b}, {path: /api/, backend: b}"),
            "frontends[0].routes[1]",
            "matches the same requests"),
        row(
            "ImplementationSpecific duplicates Prefix",
            route(
                "{path: /api, backend: b}, {path: /api, pathType: ImplementationSpecific, backend: b}"),
            "frontends[0].routes[1]",
            "matches the same requests"));
  }

  private static Arguments row(String name, String yaml, String path, String message) {
    return Arguments.of(name, yaml, List.of(path), message);
  }

  /** A row whose problem sits at several paths, each reported once. */
  private static Arguments row(String name, String yaml, String path, String message, String also) {
    return Arguments.of(name, yaml, List.of(path, also), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reportsTheProblemOnceAtItsPath(
      String name, String yaml, List<String> paths, String message) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, name + ".yaml"));

    assertThat(e).as("no error for %s", name).isNotNull();
    assertThat(e.errors()).extracting(ConfigError::path).containsExactlyElementsOf(paths);
    assertThat(e.errors().get(0).message()).contains(message);
  }
}
