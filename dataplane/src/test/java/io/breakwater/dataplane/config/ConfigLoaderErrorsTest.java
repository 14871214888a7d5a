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

  /** Backend {@code b} with two servers and the given keys, e.g. {@code healthCheck: {rise: 0}}. */
  private static String backend(String keys) {
    return "backends:\n  - {name: b, "
        + keys
        + ", servers: [{name: s1, address: 10.0.0.1:80}, {name: s2, address: 10.0.0.2:80}]}\n";
  }

  static Stream<Arguments> rows() {
    return Stream.of(coreRows(), policyRows(), interfaceRows(), trafficRows(), tlsRows())
        .flatMap(r -> r);
  }

  private static Stream<Arguments> tlsRows() {
    String cert = "{certFile: /c.pem, keyFile: /k.pem}";
    return Stream.of(
        row(
            "tls without certificates",
            frontend(", tls: {protocols: TLSv1.3}"),
            "frontends[0].tls.certificates",
            "empty (expected: at least one certificate)"),
        row(
            "tls certificate file and inline",
            frontend(", tls: {certificates: [{certFile: /c.pem, cert: x, keyFile: /k.pem}]}"),
            "frontends[0].tls.certificates[0]",
            "expected exactly one of certFile and cert"),
        row(
            "tls certificate without key",
            frontend(", tls: {certificates: [{certFile: /c.pem}]}"),
            "frontends[0].tls.certificates[0]",
            "expected exactly one of keyFile and key"),
        row(
            "tls unknown protocol",
            frontend(", tls: {certificates: [" + cert + "], protocols: \"TLSv1.3,TLSv1.0\"}"),
            "frontends[0].tls.protocols",
            "\"TLSv1.0\""),
        row(
            "tls unknown key",
            frontend(", tls: {certificates: [" + cert + "], cipher: x}"),
            "frontends[0].tls.cipher",
            "unknown key, did you mean ciphers?"),
        row(
            "tls certificate unknown key",
            frontend(", tls: {certificates: [{certFile: /c.pem, keyfile: /k.pem}]}"),
            "frontends[0].tls.certificates[0]",
            "expected exactly one of keyFile and key",
            "frontends[0].tls.certificates[0].keyfile"),
        row(
            "backend tls ca file and inline",
            backend("tls: {caFile: /ca.pem, ca: x}"),
            "backends[0].tls",
            "expected at most one of caFile and ca"),
        row(
            "backend tls client certificate without key",
            backend("tls: {clientCertificate: {certFile: /c.pem}}"),
            "backends[0].tls.clientCertificate",
            "expected exactly one of keyFile and key"),
        row(
            "backend tls client certificate file and inline",
            backend("tls: {clientCertificate: {certFile: /c.pem, cert: x, keyFile: /k.pem}}"),
            "backends[0].tls.clientCertificate",
            "expected exactly one of certFile and cert"),
        row(
            "backend tls sni an IP address",
            backend("tls: {sni: 10.0.0.1}"),
            "backends[0].tls.sni",
            "\"10.0.0.1\" is not a valid server name (expected: a DNS name"),
        row(
            "backend tls sni with a port",
            backend("tls: {sni: \"api.test:443\"}"),
            "backends[0].tls.sni",
            "is not a valid server name"),
        row(
            "backend tls unknown protocol",
            backend("tls: {protocols: \"TLSv1.3,SSLv3\"}"),
            "backends[0].tls.protocols",
            "\"SSLv3\" (expected: one or more of TLSv1.2, TLSv1.3)"),
        row(
            "backend tls verify not a boolean",
            backend("tls: {verify: maybe}"),
            "backends[0].tls.verify",
            "expected: true or false"),
        row(
            "backend tls unknown key",
            backend("tls: {caFiles: /ca.pem}"),
            "backends[0].tls.caFiles",
            "unknown key, did you mean caFile?"));
  }

  private static Stream<Arguments> coreRows() {
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
            "(expected: one of workers, maxconn, transport, shutdownGrace, runtimeApi, stats,"
                + " dataplaneApi, accessLog)"),
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
            "unknown backend protocol",
            "backends: [{name: b, protocol: http3}]\n",
            "backends[0].protocol",
            "(expected: one of http1, h2c, h2)"),
        row(
            "backend maxStreams below one",
            "backends: [{name: b, protocol: h2c, maxStreams: 0}]\n",
            "backends[0].maxStreams",
            "0 (expected: >= 1)"),
        row(
            "protocol h2 without backend tls",
            "backends: [{name: b, protocol: h2}]\n",
            "backends[0].protocol",
            "h2 is HTTP/2 over TLS and needs a tls block (expected: h2c for cleartext HTTP/2)"),
        row(
            "protocol h2c with backend tls",
            "backends: [{name: b, protocol: h2c, tls: {verify: false}}]\n",
            "backends[0].protocol",
            "h2c is cleartext HTTP/2 but the backend has tls (expected: h2)"),
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

  /** {@code global:} with the given keys. */
  private static String global(String keys) {
    return "global: {" + keys + "}\n";
  }

  /** {@code global.runtimeApi} with the given entries. */
  private static String runtimeApi(String... entries) {
    return global("runtimeApi: [" + String.join(", ", entries) + "]");
  }

  /** The operator interfaces of global: Runtime API, stats, REST API, access log. */
  private static Stream<Arguments> interfaceRows() {
    String first = "global.runtimeApi[0]";
    return Stream.of(
        // Runtime API: one kind of listener per entry.
        row(
            "runtimeApi both unix and tcp",
            runtimeApi("{unix: /run/bw.sock, tcp: 127.0.0.1:9999}"),
            first,
            "both unix and tcp (expected: exactly one; write two entries for two listeners)"),
        row(
            "runtimeApi neither unix nor tcp",
            runtimeApi("{level: admin}"),
            first,
            "neither unix nor tcp (expected: exactly one of unix, tcp)"),
        row(
            "runtimeApi as a map",
            global("runtimeApi: {unix: /run/bw.sock}"),
            "global.runtimeApi",
            "a map (expected: list)"),
        row(
            "unreadable unix path is not also neither",
            runtimeApi("{unix: 7}"),
            first + ".unix",
            "7 (expected: string; quote it)"),
        row(
            "unreadable tcp address is not also neither",
            runtimeApi("{tcp: \"10.0.0:80\"}"),
            first + ".tcp",
            "\"10.0.0:80\" is not host:port"),
        // Paths.
        row(
            "empty unix path",
            runtimeApi("{unix: \"\"}"),
            first + ".unix",
            "\"\" (expected: an absolute path)"),
        row(
            "relative unix path",
            runtimeApi("{unix: run/bw.sock}"),
            first + ".unix",
            "\"run/bw.sock\" (expected: an absolute path)"),
        row(
            "unix path of a directory",
            runtimeApi("{unix: /run/}"),
            first + ".unix",
            "\"/run/\" (expected: a file's path, not a directory's)"),
        row(
            "unix path longer than sun_path",
            runtimeApi("{unix: /" + "a".repeat(107) + "}"),
            first + ".unix",
            "is 108 bytes long (expected: at most 107, the limit of a Unix socket path)"),
        // Socket file mode.
        row(
            "mode with a 9",
            runtimeApi("{unix: /run/bw.sock, mode: \"0999\"}"),
            first + ".mode",
            "\"0999\" is not an octal file mode (expected: e.g. 0600)"),
        row(
            "mode as an unquoted number",
            runtimeApi("{unix: /run/bw.sock, mode: 0600}"),
            first + ".mode",
            "384 (expected: an octal file mode in quotes, e.g. \"0600\"; unquoted, YAML reads 0600"
                + " as the number 384)"),
        row(
            "mode above 0777",
            runtimeApi("{unix: /run/bw.sock, mode: \"1000\"}"),
            first + ".mode",
            "01000 (expected: 0000..0777)"),
        row(
            "mode on tcp",
            runtimeApi("{tcp: 127.0.0.1:9999, mode: \"0644\"}"),
            first + ".mode",
            "0644 (expected: no mode; mode applies to unix only)"),
        row(
            "mode on tcp even at its default",
            runtimeApi("{tcp: 127.0.0.1:9999, mode: \"0600\"}"),
            first + ".mode",
            "0600 (expected: no mode; mode applies to unix only)"),
        row(
            "owner on tcp",
            runtimeApi("{tcp: 127.0.0.1:9999, owner: breakwater}"),
            first + ".owner",
            "\"breakwater\" (expected: no owner; owner applies to unix only)"),
        row(
            "owner with a group",
            runtimeApi("{unix: /run/bw.sock, owner: \"bw:bw\"}"),
            first + ".owner",
            "\"bw:bw\" (expected: a user name without spaces or \":\")"),
        row(
            "allowRemote on unix",
            runtimeApi("{unix: /run/bw.sock, allowRemote: true}"),
            first + ".allowRemote",
            "true (expected: false; allowRemote applies to tcp only)"),
        row(
            "level misspelt",
            runtimeApi("{unix: /run/bw.sock, level: admn}"),
            first + ".level",
            "\"admn\", did you mean admin? (expected: one of user, operator, admin)"),
        // Remote access.
        row(
            "tcp on every address without allowRemote",
            runtimeApi("{tcp: 0.0.0.0:9999}"),
            first + ".tcp",
            "\"0.0.0.0:9999\" is not a loopback address (expected: 127.0.0.0/8 or [::1]; set"
                + " allowRemote: true to accept clients from other hosts)"),
        row(
            "tcp on localhost, a name that is not resolved",
            runtimeApi("{tcp: localhost:9999}"),
            first + ".tcp",
            "\"localhost:9999\" is not a loopback address"),
        // Duplicates and collisions.
        row(
            "duplicate unix path",
            runtimeApi("{unix: /run/bw.sock}", "{unix: /run//bw.sock}"),
            "global.runtimeApi[1].unix",
            "\"/run//bw.sock\" is already used by global.runtimeApi[0].unix"),
        row(
            "duplicate tcp address",
            runtimeApi("{tcp: 127.0.0.1:9999}", "{tcp: 127.0.0.1:9999, level: user}"),
            "global.runtimeApi[1].tcp",
            "\"127.0.0.1:9999\" is already used by global.runtimeApi[0].tcp \"127.0.0.1:9999\""),
        row(
            "stats on a frontend's address",
            frontend("") + global("stats: {listen: 127.0.0.1:8080}"),
            "global.stats.listen",
            "\"127.0.0.1:8080\" is already used by frontends[0].listen \"127.0.0.1:8080\""),
        row(
            "runtime tcp under a frontend's wildcard",
            "frontends: [{name: a, listen: 0.0.0.0:9999}]\n" + runtimeApi("{tcp: 127.0.0.1:9999}"),
            first + ".tcp",
            "\"127.0.0.1:9999\" overlaps frontends[0].listen \"0.0.0.0:9999\""),
        row(
            "dataplaneApi on the stats address",
            global("stats: {listen: 127.0.0.1:8404}, dataplaneApi: {listen: 127.0.0.1:8404}"),
            "global.dataplaneApi.listen",
            "\"127.0.0.1:8404\" is already used by global.stats.listen"),
        row(
            "dataplaneApi on a runtime tcp address",
            global("runtimeApi: [{tcp: \"[::1]:9999\"}], dataplaneApi: {listen: \"[::1]:9999\"}"),
            "global.dataplaneApi.listen",
            "is already used by global.runtimeApi[0].tcp \"[::1]:9999\""),
        // Stats.
        row(
            "stats without listen",
            global("stats: {refresh: 5s}"),
            "global.stats.listen",
            "missing (required)"),
        row(
            "stats refresh 0s",
            global("stats: {listen: 127.0.0.1:8404, refresh: 0s}"),
            "global.stats.refresh",
            "0s (expected: > 0)"),
        row(
            "stats admin without auth",
            global("stats: {listen: 127.0.0.1:8404, admin: true}"),
            "global.stats.admin",
            "true (expected: false without auth; admin actions need a user and password)"),
        row(
            "stats user without password",
            global("stats: {listen: 127.0.0.1:8404, auth: {user: admin}, admin: true}"),
            "global.stats.auth.password",
            "missing (required)"),
        row(
            "stats password without user",
            global("stats: {listen: 127.0.0.1:8404, auth: {password: secret}}"),
            "global.stats.auth.user",
            "missing (required)"),
        row(
            "stats user with a colon",
            global("stats: {listen: 127.0.0.1:8404, auth: {user: \"a:b\", password: secret}}"),
            "global.stats.auth.user",
            "\"a:b\" (expected: a non-empty user name without \":\" or spaces)"),
        row(
            "stats empty password",
            global("stats: {listen: 127.0.0.1:8404, auth: {user: admin, password: \"\"}}"),
            "global.stats.auth.password",
            "\"\" (expected: a non-empty password)"),
        row(
            "stats passwordFile is not a key",
            global(
                "stats: {listen: 127.0.0.1:8404, auth: {user: a, password: b, passwordFile: /p}}"),
            "global.stats.auth.passwordFile",
            "unknown key (expected: one of user, password)"),
        // REST API.
        row(
            "dataplaneApi off loopback without token",
            global("dataplaneApi: {listen: 0.0.0.0:5555}"),
            "global.dataplaneApi.tokenFile",
            "missing (required: listen \"0.0.0.0:5555\" is not a loopback address, 127.0.0.0/8 or"
                + " [::1])"),
        row(
            "dataplaneApi relative tokenFile",
            global("dataplaneApi: {listen: 0.0.0.0:5555, tokenFile: api-token}"),
            "global.dataplaneApi.tokenFile",
            "\"api-token\" (expected: an absolute path)"),
        row(
            "unreadable dataplaneApi listen is not also a missing token",
            global("dataplaneApi: {listen: nope}"),
            "global.dataplaneApi.listen",
            "\"nope\" is not host:port"),
        // Access log.
        row(
            "access log to a file without file",
            global("accessLog: {target: file}"),
            "global.accessLog.file",
            "missing (required with target: file)"),
        row(
            "access log file with target stdout",
            global("accessLog: {target: stdout, file: /var/log/bw.log}"),
            "global.accessLog.file",
            "\"/var/log/bw.log\" (expected: no file with target: stdout; set target: file to"
                + " write to it)"),
        row(
            "access log file without target",
            global("accessLog: {file: /var/log/bw.log}"),
            "global.accessLog.file",
            "(expected: no file with target: off; set target: file"),
        row(
            "access log target misspelt next to a file",
            global("accessLog: {target: files, file: /var/log/bw.log}"),
            "global.accessLog.target",
            "\"files\", did you mean file? (expected: one of off, stdout, file)"),
        row(
            "access log relative file",
            global("accessLog: {target: file, file: bw.log}"),
            "global.accessLog.file",
            "\"bw.log\" (expected: an absolute path)"),
        row(
            "access log format",
            global("accessLog: {target: stdout, format: clf}"),
            "global.accessLog.format",
            "(expected: one of json, haproxy)"),
        row(
            "access log buffer 15",
            global("accessLog: {target: stdout, buffer: 15}"),
            "global.accessLog.buffer",
            "15 (expected: 16..1048576)"),
        row(
            "access log buffer above 1 MiB lines",
            global("accessLog: {target: stdout, buffer: 1048577}"),
            "global.accessLog.buffer",
            "1048577 (expected: 16..1048576)"));
  }

  /** The resilience policy: health checks, observe, retries, breakers, limits, faults. */
  private static Stream<Arguments> policyRows() {
    return Stream.of(
        // Health checks.
        row(
            "check rise 0",
            backend("healthCheck: {rise: 0}"),
            "backends[0].healthCheck.rise",
            "0 (expected: 1..100)"),
        row(
            "check fall 101",
            backend("healthCheck: {fall: 101}"),
            "backends[0].healthCheck.fall",
            "101 (expected: 1..100)"),
        row(
            "check port 65536",
            backend("healthCheck: {port: 65536}"),
            "backends[0].healthCheck.port",
            "65536 (expected: 0..65535)"),
        row(
            "check interval 0s",
            backend("healthCheck: {interval: 0s}"),
            "backends[0].healthCheck.interval",
            "0s (expected: > 0)"),
        row(
            "check fastinter 0s",
            backend("healthCheck: {fastinter: 0ms}"),
            "backends[0].healthCheck.fastinter",
            "0s (expected: > 0)"),
        row(
            "check downinter 0s",
            backend("healthCheck: {downinter: 0s}"),
            "backends[0].healthCheck.downinter",
            "0s (expected: > 0)"),
        row(
            "check timeout 0s",
            backend("healthCheck: {timeout: 0s}"),
            "backends[0].healthCheck.timeout",
            "0s (expected: > 0)"),
        row(
            "check type",
            backend("healthCheck: {type: grpc}"),
            "backends[0].healthCheck.type",
            "\"grpc\" (expected: one of tcp, http)"),
        row(
            "check enabled not a boolean",
            backend("healthCheck: {enabled: sometimes}"),
            "backends[0].healthCheck.enabled",
            "\"sometimes\" (expected: true or false)"),
        row(
            "check unknown key",
            backend("healthCheck: {intreval: 2s}"),
            "backends[0].healthCheck.intreval",
            "unknown key, did you mean interval?"),
        row(
            "check method with a space",
            backend("healthCheck: {method: \"GE T\"}"),
            "backends[0].healthCheck.method",
            "\"GE T\" (expected: an HTTP method such as GET)"),
        row(
            "check relative path",
            backend("healthCheck: {path: healthz}"),
            "backends[0].healthCheck.path",
            "\"healthz\" (expected: a path starting with \"/\")"),
        row(
            "check host with a line break",
            backend("healthCheck: {host: \"a\\r\\nX-Injected: 1\"}"),
            "backends[0].healthCheck.host",
            "(expected: a host name without spaces"),
        row(
            "check expectStatus empty",
            backend("healthCheck: {expectStatus: []}"),
            "backends[0].healthCheck.expectStatus",
            "[] (expected: at least one status)"),
        row(
            "check expectStatus not a list",
            backend("healthCheck: {expectStatus: 200}"),
            "backends[0].healthCheck.expectStatus",
            "200 (expected: list of statuses)"),
        row(
            "check expectStatus range from high to low",
            backend("healthCheck: {expectStatus: [200, \"300-200\"]}"),
            "backends[0].healthCheck.expectStatus[1]",
            "300-200 (expected: a range from low to high)"),
        row(
            "check expectStatus above 599",
            backend("healthCheck: {expectStatus: [600]}"),
            "backends[0].healthCheck.expectStatus[0]",
            "600 (expected: statuses within 100..599)"),
        row(
            "check expectStatus pattern",
            backend("healthCheck: {expectStatus: [2xx]}"),
            "backends[0].healthCheck.expectStatus[0]",
            "\"2xx\" (expected: a status such as 200, or a range such as \"200-299\")"),
        row(
            "check expectBody empty",
            backend("healthCheck: {expectBody: \"\"}"),
            "backends[0].healthCheck.expectBody",
            "omit expectBody to accept any body"),
        row(
            "server check port",
            "backends:\n  - {name: b, healthCheck: {}, servers: [{name: s1, address: 10.0.0.1:80,"
                + " healthCheck: {port: -1}}]}\n",
            "backends[0].servers[0].healthCheck.port",
            "-1 (expected: 0..65535)"),
        row(
            "server check unknown key",
            server("{name: s1, address: 10.0.0.2:80, healthCheck: {prot: 80}}"),
            "backends[0].servers[1].healthCheck.prot",
            "unknown key, did you mean port?"),
        row(
            "bad default check is reported once, not per backend and server",
            "defaults: {healthCheck: {expectStatus: [99], rise: 0}}\n"
                + backend("healthCheck: {path: /ready}"),
            "defaults.healthCheck.expectStatus[0]",
            "99 (expected: statuses within 100..599)",
            "defaults.healthCheck.rise"),
        row(
            "bad backend check is reported once, not per server",
            backend("healthCheck: {fall: 0}"),
            "backends[0].healthCheck.fall",
            "0 (expected: 1..100)"),
        row(
            "initialState",
            server("{name: s1, address: 10.0.0.2:80, initialState: starting}"),
            "backends[0].servers[1].initialState",
            "(expected: one of up, down)"),
        // Passive observation.
        row(
            "observe errorLimit 0",
            backend("observe: {errorLimit: 0}"),
            "backends[0].observe.errorLimit",
            "0 (expected: >= 1)"),
        row(
            "observe onError",
            backend("observe: {onError: markdown}"),
            "backends[0].observe.onError",
            "did you mean mark-down? (expected: one of fastinter, fail-check, sudden-death,"
                + " mark-down)"),
        row(
            "observe errorStatuses below 100",
            backend("observe: {errorStatuses: [\"500\", \"50-599\"]}"),
            "backends[0].observe.errorStatuses[1]",
            "\"50-599\" (expected: a status such as 200"),
        // Retries.
        row(
            "retries attempts 101",
            backend("retries: {attempts: 101}"),
            "backends[0].retries.attempts",
            "101 (expected: 0..100)"),
        row(
            "negative retries attempts",
            backend("retries: {attempts: -1}"),
            "backends[0].retries.attempts",
            "-1 (expected: 0..100)"),
        row(
            "retryOn unknown keyword",
            backend("retries: {retryOn: [conn-failure, 503, 503x]}"),
            "backends[0].retries.retryOn[2]",
            "\"503x\" is not a retry-on keyword or status (expected: one of conn-failure,"
                + " empty-response, junk-response, response-timeout, all-retryable-errors, none, or"
                + " a status: 401, 403, 404, 408, 421, 425, 429, 500, 501, 502, 503, 504)"),
        row(
            "retryOn misspelt keyword",
            backend("retries: {retryOn: [conn-failur]}"),
            "backends[0].retries.retryOn[0]",
            "\"conn-failur\" is not a retry-on keyword or status, did you mean conn-failure?"),
        row(
            "retryOn status that is not retryable",
            backend("retries: {retryOn: [505]}"),
            "backends[0].retries.retryOn[0]",
            "505 is not a retryable status (expected: one of 401, 403, 404, 408, 421, 425, 429,"
                + " 500, 501, 502, 503, 504)"),
        row(
            "retryOn quoted status that is not retryable",
            backend("retries: {retryOn: [\"200\"]}"),
            "backends[0].retries.retryOn[0]",
            "200 is not a retryable status"),
        row(
            "retryOn none with others",
            backend("retries: {retryOn: [none, conn-failure]}"),
            "backends[0].retries.retryOn[0]",
            "\"none\" cannot be combined with other conditions (expected: none alone)"),
        row(
            "retryOn empty",
            backend("retries: {retryOn: []}"),
            "backends[0].retries.retryOn",
            "[] (expected: at least one condition, or [none])"),
        row(
            "retryOn not a list",
            backend("retries: {retryOn: conn-failure}"),
            "backends[0].retries.retryOn",
            "\"conn-failure\" (expected: list of retry-on conditions)"),
        row(
            "redispatch not a boolean",
            backend("retries: {redispatch: always}"),
            "backends[0].retries.redispatch",
            "\"always\" (expected: true or false)"),
        row(
            "perTryTimeout 0s",
            backend("retries: {perTryTimeout: 0s}"),
            "backends[0].retries.perTryTimeout",
            "0s (expected: > 0)"),
        row(
            "backoff max below base",
            backend("retries: {backoff: {base: 1s, max: 100ms}}"),
            "backends[0].retries.backoff.max",
            "100ms (expected: >= base 1s)"),
        row(
            "backoff base above the inherited max",
            backend("retries: {backoff: {base: 1s}}"),
            "backends[0].retries.backoff.base",
            "1s (expected: <= max 250ms)"),
        row(
            "backoff max below the default base, in defaults, reported once",
            backend("retries: {attempts: 1}") + "defaults: {retries: {backoff: {max: 10ms}}}\n",
            "defaults.retries.backoff.max",
            "10ms (expected: >= base 25ms)"),
        row(
            "backoff base 0s",
            backend("retries: {backoff: {base: 0s}}"),
            "backends[0].retries.backoff.base",
            "0s (expected: > 0)"),
        row(
            "backoff jitter 101",
            backend("retries: {backoff: {jitter: 101}}"),
            "backends[0].retries.backoff.jitter",
            "101 (expected: 0..100)"),
        row(
            "bufferLimit above 16 MiB",
            backend("retries: {bufferLimit: 16777217}"),
            "backends[0].retries.bufferLimit",
            "16777217 (expected: 0..16777216)"),
        row(
            "budget ratio 1.5",
            backend("retries: {budget: {ratio: 1.5}}"),
            "backends[0].retries.budget.ratio",
            "1.5 (expected: 0..1)"),
        row(
            "budget ratio as a percentage",
            backend("retries: {budget: {ratio: \"20%\"}}"),
            "backends[0].retries.budget.ratio",
            "\"20%\" (expected: number)"),
        row(
            "negative budget ratio",
            backend("retries: {budget: {ratio: -0.1}}"),
            "backends[0].retries.budget.ratio",
            "-0.1 (expected: 0..1)"),
        row(
            "negative budget minPerSecond",
            backend("retries: {budget: {minPerSecond: -1}}"),
            "backends[0].retries.budget.minPerSecond",
            "-1 (expected: >= 0)"),
        row(
            "budget window 0s",
            backend("retries: {budget: {window: 0s}}"),
            "backends[0].retries.budget.window",
            "0s (expected: > 0)"),
        row(
            "bad default retries are reported once",
            backend("retries: {redispatch: false}") + "defaults: {retries: {attempts: -2}}\n",
            "defaults.retries.attempts",
            "-2 (expected: 0..100)"),
        // Breakers.
        row(
            "breaker windowType",
            backend("circuitBreaker: {windowType: sliding}"),
            "backends[0].circuitBreaker.windowType",
            "(expected: one of time, count)"),
        row(
            "breaker window 0s",
            backend("circuitBreaker: {window: 0s}"),
            "backends[0].circuitBreaker.window",
            "0s (expected: > 0)"),
        row(
            "breaker windowSize 0",
            backend("circuitBreaker: {windowSize: 0}"),
            "backends[0].circuitBreaker.windowSize",
            "0 (expected: 1..10000)"),
        row(
            "breaker windowSize 10001",
            backend("circuitBreaker: {windowSize: 10001}"),
            "backends[0].circuitBreaker.windowSize",
            "10001 (expected: 1..10000)"),
        row(
            "breaker failureRateThreshold 0",
            backend("circuitBreaker: {failureRateThreshold: 0}"),
            "backends[0].circuitBreaker.failureRateThreshold",
            "0 (expected: 1..100)"),
        row(
            "breaker failureRateThreshold 101",
            backend("circuitBreaker: {failureRateThreshold: 101}"),
            "backends[0].circuitBreaker.failureRateThreshold",
            "101 (expected: 1..100)"),
        row(
            "breaker minimumRequests 0",
            backend("circuitBreaker: {minimumRequests: 0}"),
            "backends[0].circuitBreaker.minimumRequests",
            "0 (expected: >= 1)"),
        row(
            "negative breaker consecutiveFailures",
            backend("circuitBreaker: {consecutiveFailures: -1}"),
            "backends[0].circuitBreaker.consecutiveFailures",
            "-1 (expected: >= 0)"),
        row(
            "breaker slowCallRateThreshold 0",
            backend("circuitBreaker: {slowCallRateThreshold: 0}"),
            "backends[0].circuitBreaker.slowCallRateThreshold",
            "0 (expected: 1..100)"),
        row(
            "breaker slowCallDuration 0s",
            backend("circuitBreaker: {slowCallDuration: 0s}"),
            "backends[0].circuitBreaker.slowCallDuration",
            "0s (expected: > 0)"),
        row(
            "breaker openDuration 0s",
            backend("circuitBreaker: {openDuration: 0s}"),
            "backends[0].circuitBreaker.openDuration",
            "0s (expected: > 0)"),
        row(
            "breaker maxOpenDuration below openDuration",
            backend("circuitBreaker: {openDuration: 1m, maxOpenDuration: 30s}"),
            "backends[0].circuitBreaker.maxOpenDuration",
            "30s (expected: >= openDuration 1m)"),
        row(
            "breaker openDuration above the default maxOpenDuration",
            backend("circuitBreaker: {openDuration: 10m}"),
            "backends[0].circuitBreaker.openDuration",
            "10m (expected: <= maxOpenDuration 5m)"),
        row(
            "breaker halfOpenRequests 0",
            backend("circuitBreaker: {halfOpenRequests: 0}"),
            "backends[0].circuitBreaker.halfOpenRequests",
            "0 (expected: 1..1000)"),
        row(
            "breaker halfOpenRequests 1001",
            backend("circuitBreaker: {halfOpenRequests: 1001}"),
            "backends[0].circuitBreaker.halfOpenRequests",
            "1001 (expected: 1..1000)"),
        row(
            "maxEjectionPercent on the backend breaker",
            backend("circuitBreaker: {maxEjectionPercent: 50}"),
            "backends[0].circuitBreaker.maxEjectionPercent",
            "unknown key (expected: one of enabled, windowType,"),
        row(
            "outlier maxEjectionPercent 101",
            backend("outlierDetection: {maxEjectionPercent: 101}"),
            "backends[0].outlierDetection.maxEjectionPercent",
            "101 (expected: 0..100)"),
        row(
            "outlier maxOpenDuration below openDuration",
            backend("outlierDetection: {maxOpenDuration: 10s}"),
            "backends[0].outlierDetection.maxOpenDuration",
            "10s (expected: >= openDuration 30s)"),
        row(
            "breaker maxOpenDuration below openDuration inherited from defaults",
            backend("circuitBreaker: {maxOpenDuration: 1m}")
                + "defaults: {circuitBreaker: {enabled: false, openDuration: 2m}}\n",
            "backends[0].circuitBreaker.maxOpenDuration",
            "1m (expected: >= openDuration 2m)"),
        // Limits and slow start.
        row(
            "negative maxConnections",
            backend("limits: {maxConnections: -1}"),
            "backends[0].limits.maxConnections",
            "-1 (expected: >= 0)"),
        row(
            "negative maxPendingRequests",
            backend("limits: {maxPendingRequests: -1}"),
            "backends[0].limits.maxPendingRequests",
            "-1 (expected: >= 0)"),
        row(
            "negative maxRequests",
            backend("limits: {maxRequests: -1}"),
            "backends[0].limits.maxRequests",
            "-1 (expected: >= 0)"),
        row(
            "negative maxRetries",
            "defaults: {limits: {maxRetries: -1}}\n",
            "defaults.limits.maxRetries",
            "-1 (expected: >= 0)"),
        row(
            "slowstart 0s",
            backend("slowstart: 0s"),
            "backends[0].slowstart",
            "0s (expected: > 0)"),
        row(
            "slowstart as a number",
            "defaults: {slowstart: 30}\n",
            "defaults.slowstart",
            "30 has no unit"),
        // Faults.
        row(
            "delay percent 101",
            backend("faults: {delay: {percent: 101, duration: 1s}}"),
            "backends[0].faults.delay.percent",
            "101 (expected: 0..100)"),
        row(
            "negative abort percent",
            backend("faults: {abort: {percent: -0.5, status: 503}}"),
            "backends[0].faults.abort.percent",
            "-0.5 (expected: 0..100)"),
        row(
            "delay without duration",
            backend("faults: {delay: {percent: 10}}"),
            "backends[0].faults.delay.duration",
            "missing (required)"),
        row(
            "delay duration 0s",
            backend("faults: {delay: {duration: 0s}}"),
            "backends[0].faults.delay.duration",
            "0s (expected: > 0)"),
        row(
            "abort without status",
            backend("faults: {abort: {percent: 10}}"),
            "backends[0].faults.abort.status",
            "missing (required)"),
        row(
            "abort status 600",
            backend("faults: {abort: {status: 600}}"),
            "backends[0].faults.abort.status",
            "600 (expected: 200..599)"),
        row(
            "abort status 199",
            backend("faults: {abort: {status: 199}}"),
            "backends[0].faults.abort.status",
            "199 (expected: 200..599)"),
        row(
            "route abort percent 150",
            route("{backend: b, faults: {abort: {percent: 150, status: 503}}}"),
            "frontends[0].routes[0].faults.abort.percent",
            "150 (expected: 0..100)"),
        row(
            "route faults unknown key",
            route("{backend: b, faults: {dealy: {duration: 1s}}}"),
            "frontends[0].routes[0].faults.dealy",
            "unknown key, did you mean delay?"));
  }

  /** A route to backend {@code b} with the given traffic policy keys. */
  private static String routePolicy(String keys) {
    return route("{backend: b, policy: {" + keys + "}}");
  }

  private static final String RP = "frontends[0].routes[0].policy";

  private static Stream<Arguments> trafficRows() {
    return Stream.of(
        row(
            "policy unknown key",
            routePolicy("sslRedirekt: true"),
            RP + ".sslRedirekt",
            "did you mean sslRedirect?"),
        row(
            "header variable unknown",
            routePolicy("requestHeaders: {set: [{name: X-A, value: '${clientip}'}]}"),
            RP + ".requestHeaders.set[0].value",
            "did you mean ${client_ip}?"),
        row(
            "header name not a token",
            routePolicy("responseHeaders: {add: [{name: 'X A', value: v}]}"),
            RP + ".responseHeaders.add[0].name",
            "(expected: a header name"),
        row(
            "framing header set",
            routePolicy("requestHeaders: {set: [{name: Content-Length, value: '1'}]}"),
            RP + ".requestHeaders.set[0].name",
            "is managed by the proxy"),
        row(
            "rewrite prefix and regex",
            routePolicy("rewrite: {prefix: /a, regex: '^/b', replacement: /c}"),
            RP + ".rewrite.regex",
            "both prefix and regex are set"),
        row(
            "rewrite bad regex",
            routePolicy("rewrite: {regex: '^/(a', replacement: /$1}"),
            RP + ".rewrite.regex",
            "is not a valid regular expression"),
        row(
            "rewrite replacement refers to a missing group",
            routePolicy("rewrite: {regex: '^/(a)', replacement: /$2}"),
            RP + ".rewrite.replacement",
            "refers to $2"),
        row(
            "rewrite regex without replacement",
            routePolicy("rewrite: {regex: '^/a'}"),
            RP + ".rewrite.replacement",
            "missing (required with regex)"),
        row(
            "redirect status 303",
            routePolicy("redirect: {scheme: https, status: 303}"),
            RP + ".redirect.status",
            "(expected: one of 301, 302, 307, 308)"),
        row(
            "redirect bad scheme",
            routePolicy("redirect: {scheme: ftp, host: a.example.com}"),
            RP + ".redirect.scheme",
            "ftp"),
        row(
            "hsts fractional max-age",
            routePolicy("hsts: {maxAge: 1500ms}"),
            RP + ".hsts.maxAge",
            "(expected: whole seconds, >= 0)"),
        row(
            "allow list bad cidr",
            routePolicy("allowList: [10.0.0.0/33]"),
            RP + ".allowList[0]",
            "10.0.0.0/33"),
        row(
            "deny list not an address",
            routePolicy("denyList: [example.com]"),
            RP + ".denyList[0]",
            "example.com"),
        row(
            "trusted proxies bad ipv6",
            frontend(", trustedProxies: ['fd00::/129']"),
            "frontends[0].trustedProxies[0]",
            "fd00::/129"),
        row(
            "rate limit without rate",
            routePolicy("rateLimit: {burst: 10}"),
            RP + ".rateLimit.rate",
            "required"),
        row(
            "rate limit zero rate",
            routePolicy("rateLimit: {rate: 0}"),
            RP + ".rateLimit.rate",
            "0 (expected: >= 1)"),
        row(
            "cors credentials with any origin",
            routePolicy("cors: {allowOrigins: ['*'], allowCredentials: true}"),
            RP + ".cors.allowCredentials",
            "browsers refuse credentials"),
        row(
            "cors empty origins",
            routePolicy("cors: {allowOrigins: []}"),
            RP + ".cors.allowOrigins",
            "at least one origin"),
        row(
            "mirror unknown backend",
            routePolicy("mirror: {backend: nope, percent: 10}"),
            RP + ".mirror.backend",
            "nope"),
        row(
            "max body size negative",
            routePolicy("maxBodySize: -1"),
            RP + ".maxBodySize",
            "-1 (expected: >= 0)"),
        row(
            "split weights over 100",
            "frontends:\n  - {name: http, listen: 127.0.0.1:8080, routes: [{backend: b, split:"
                + " [{backend: c, weight: 60}, {backend: d, weight: 50}]}]}\n"
                + "backends:\n  - {name: b, servers: [{name: s1, address: 10.0.0.1:80}]}\n"
                + "  - {name: c, servers: [{name: s1, address: 10.0.0.2:80}]}\n"
                + "  - {name: d, servers: [{name: s1, address: 10.0.0.3:80}]}\n",
            "frontends[0].routes[0].split",
            "weights add up to 110"),
        row(
            "split to the route's own backend",
            route("{backend: b, split: [{backend: b, weight: 10}]}"),
            "frontends[0].routes[0].split[0].backend",
            "is the route's own backend"),
        row(
            "request id header not a token",
            frontend(", requestId: {header: 'x id'}"),
            "frontends[0].requestId.header",
            "x id"),
        row(
            "frontend policy checked too",
            frontend(", policy: {denyList: [300.1.1.1]}"),
            "frontends[0].policy.denyList[0]",
            "300.1.1.1"));
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
