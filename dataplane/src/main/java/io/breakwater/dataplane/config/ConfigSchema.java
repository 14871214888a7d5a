package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.Retries.On;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every key of the config file, with its type, range, default and meaning: the one table that the
 * loader checks documents against (allowed keys, required keys, types, ranges), the validator takes
 * its ranges from, and {@code docs/configuration.md} is generated from. A key added here is
 * allowed, documented and range-checked in one step, so the three cannot drift.
 *
 * <p>Defaults are taken from the records' constants ({@link Global#DEFAULT}, {@link
 * Timeouts#DEFAULT}, ...) rather than repeated here. The class is long because it is the table; its
 * code is the few lines at the top and bottom.
 */
final class ConfigSchema {

  /** The value types of the file. Ranges of integers and durations are on the {@link Key}. */
  enum Kind {
    MAP,
    LIST,
    STRING,
    INTEGER,
    DURATION,
    HOST_PORT,
    ENUM,
    BOOLEAN,
    /** A decimal number; whole numbers are accepted too. */
    NUMBER,
    /**
     * A list of status codes ({@code 200}) and ranges ({@code "200-299"}); min is its least size.
     */
    STATUSES,
    /** {@code retryOn}: a list of {@link Key#values} keywords and retryable statuses. */
    RETRY_ON,
    /**
     * A file mode: a string of octal digits ({@code "0600"}), never a number, since YAML reads an
     * unquoted {@code 0600} as octal 384 but {@code 600} as decimal 600. Min and max are modes.
     */
    FILE_MODE,
    /** A list of strings. */
    STRINGS
  }

  /**
   * One key of a section.
   *
   * @param name the key as written in the file
   * @param kind its value type
   * @param required whether the key must be present
   * @param defaultText Markdown: the default as a literal in backticks, or prose ("any host")
   * @param min smallest allowed integer or number; for durations 1 means "> 0" and 0 means ">= 0";
   *     for status lists the least number of entries
   * @param max largest allowed integer or number
   * @param values the allowed spellings of an {@link Kind#ENUM}, or the keywords of {@link
   *     Kind#RETRY_ON}
   * @param section the section a {@link Kind#MAP} or {@link Kind#LIST} (of maps) holds
   * @param description Markdown, one or two sentences
   */
  record Key(
      String name,
      Kind kind,
      boolean required,
      String defaultText,
      long min,
      long max,
      List<String> values,
      Section section,
      String description) {

    /**
     * The expected range as written in messages and docs: {@code 0..256}, {@code >= 1}, {@code >
     * 0}.
     */
    String rangeText() {
      if (kind == Kind.DURATION) {
        return min > 0 ? "> 0" : ">= 0";
      }
      if (kind == Kind.FILE_MODE) {
        return formatFileMode(min) + ".." + formatFileMode(max);
      }
      return max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
    }

    boolean inRange(long value) {
      return value >= min && value <= max;
    }

    boolean inRange(double value) {
      return value >= min && value <= max; // false for NaN
    }

    boolean inRange(Duration d) {
      return !d.isNegative() && (min == 0 || !d.isZero());
    }

    /** What is wrong with the value, as {@code 300 (expected: 0..256)}; {@code null} if nothing. */
    String problem(long value) {
      if (inRange(value)) {
        return null;
      }
      String shown = kind == Kind.FILE_MODE ? formatFileMode(value) : Long.toString(value);
      return shown + " (expected: " + rangeText() + ")";
    }

    String problem(double value) {
      return inRange(value) ? null : formatNumber(value) + " (expected: " + rangeText() + ")";
    }

    String problem(Duration value) {
      if (inRange(value)) {
        return null;
      }
      String shown =
          value.isNegative() ? "-" + Durations.format(value.negated()) : Durations.format(value);
      return shown + " (expected: " + rangeText() + ")";
    }

    /** The type as named in "expected: ..." messages. */
    String typeText() {
      return switch (kind) {
        case MAP -> "map";
        case LIST -> "list";
        case STRING -> "string";
        case INTEGER -> "integer";
        case DURATION -> "duration";
        case HOST_PORT -> "host:port";
        case ENUM -> "one of " + String.join(", ", values);
        case BOOLEAN -> "true or false";
        case NUMBER -> "number";
        case STATUSES -> "list of statuses";
        case RETRY_ON -> "list of retry-on conditions";
        case FILE_MODE -> "octal file mode";
        case STRINGS -> "list of strings";
      };
    }
  }

  /**
   * A map of the file, such as a frontend.
   *
   * @param path the generic path, lists written as {@code []}: {@code frontends[].routes[]}
   * @param summary Markdown, what the section is for
   * @param keys its keys in documentation order
   */
  record Section(String path, String summary, List<Key> keys) {

    /** The key with this name; asking for a key the schema lacks is a bug in the caller. */
    Key key(String name) {
      for (Key k : keys) {
        if (k.name.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException(path + ": no key " + name + " in the schema");
    }

    /** Whether the file may use this key here. */
    boolean has(String name) {
      for (Key k : keys) {
        if (k.name.equals(name)) {
          return true;
        }
      }
      return false;
    }

    List<String> names() {
      return keys.stream().map(Key::name).toList();
    }
  }

  // Ranges shared by the loader and the validator.
  static final int MAX_WORKERS = 1024;

  static final Section DEFAULT_TIMEOUTS = timeouts("defaults.timeouts", false);
  static final Section FRONTEND_TIMEOUTS = timeouts("frontends[].timeouts", true);
  static final Section BACKEND_TIMEOUTS = timeouts("backends[].timeouts", true);

  // The resilience policy. Each section is documented once, under backends[]; defaults (and, for
  // health checks, servers; for faults, routes) hold the same section, inherited key by key.

  static final int MAX_CHECK_COUNT = 100;
  static final int MAX_RETRY_ATTEMPTS = 100;
  static final int MAX_BUFFER_LIMIT = 16 * 1024 * 1024;

  /** {@code retryOn} keywords besides the {@link On} ones. */
  static final String ALL_RETRYABLE_ERRORS = "all-retryable-errors";

  static final String RETRY_ON_NONE = "none";

  /** The statuses {@code all-retryable-errors} stands for, with every {@link On} keyword. */
  static final Set<Integer> ALL_RETRYABLE_ERROR_STATUSES = Set.of(500, 502, 503, 504);

  static final Section HEALTH_CHECK =
      new Section(
          "backends[].healthCheck",
          "Active health checks of the backend's servers; see [Health checks](#health-checks)."
              + " Writing the map turns checks on. Also allowed in `defaults` and on a server: a"
              + " backend inherits each key it does not set from `defaults.healthCheck`, a server"
              + " from its backend's.",
          List.of(
              enabled("checks", "a server, from its backend"),
              enumeration(
                  "type",
                  configNames(HealthCheck.Type.values(), HealthCheck.Type::configName),
                  lit(HealthCheck.DEFAULT.type().configName()),
                  "`tcp`: the connection succeeds. `http`: a request gets an expected answer."
                      + " `tcp` checks accept the HTTP keys below and ignore them."),
              string(
                  "method",
                  false,
                  lit(HealthCheck.DEFAULT.method()),
                  "HTTP method of the check request."),
              string(
                  "path",
                  false,
                  lit(HealthCheck.DEFAULT.path()),
                  "Request target of the check request: starts with `/`, may have a query."),
              string("host", false, "the server's address", "`Host` header of the check request."),
              statuses(
                  "expectStatus",
                  1,
                  lit(statusesText(HealthCheck.DEFAULT.expectStatus())),
                  "Statuses that pass: codes (`200`) and ranges (`\"200-299\"`), at least one."),
              string(
                  "expectBody",
                  false,
                  "any body",
                  "A substring the response body must contain; the first 16 KiB are searched."),
              duration(
                  "interval",
                  true,
                  lit(Durations.format(HealthCheck.DEFAULT_INTERVAL)),
                  "Time between checks while the server is steadily UP."),
              duration(
                  "fastinter",
                  true,
                  "`interval`",
                  "Time between checks while the server is going up or down, and after passive"
                      + " errors."),
              duration(
                  "downinter",
                  true,
                  "`interval`",
                  "Time between checks while the server is steadily DOWN."),
              duration(
                  "timeout",
                  true,
                  "`interval`",
                  "The whole check (connect, send, answer) must finish within it."),
              integer(
                  "rise",
                  1,
                  MAX_CHECK_COUNT,
                  lit(HealthCheck.DEFAULT_RISE),
                  "Consecutive passed checks that bring a DOWN server UP."),
              integer(
                  "fall",
                  1,
                  MAX_CHECK_COUNT,
                  lit(HealthCheck.DEFAULT_FALL),
                  "Consecutive failed checks that take an UP server DOWN."),
              integer(
                  "port",
                  0,
                  65535,
                  lit(HealthCheck.DEFAULT.port()),
                  "Port the checks go to; `0` means the server's own port."),
              bool(
                  "tls",
                  lit(true),
                  "Check over TLS when the backend has [`tls`](#backendstls), with its context and"
                      + " name; `false` checks in plain TCP even then (a plain health port).")));

  static final Section OBSERVE =
      new Section(
          "backends[].observe",
          "Passive observation of live traffic; see [Passive observation](#passive-observation)."
              + " Writing the map turns it on. Also allowed in `defaults`, inherited key by key.",
          List.of(
              enabled("observation", null),
              integer(
                  "errorLimit",
                  1,
                  Integer.MAX_VALUE,
                  lit(Observe.DEFAULT.errorLimit()),
                  "Consecutive errors of a server that trigger `onError`."),
              enumeration(
                  "onError",
                  configNames(Observe.OnError.values(), Observe.OnError::configName),
                  lit(Observe.DEFAULT.onError().configName()),
                  "`fastinter`: check at `fastinter` next. `fail-check`: count one failed check."
                      + " `sudden-death`: leave the server one failed check from DOWN."
                      + " `mark-down`: take it DOWN now."),
              statuses(
                  "errorStatuses",
                  0,
                  lit(statusesText(Observe.DEFAULT.errorStatuses())),
                  "Response statuses that count as errors; `[]` counts only connection"
                      + " failures, timeouts and invalid responses.")));

  static final Section BACKOFF =
      new Section(
          "backends[].retries.backoff",
          "Fully jittered exponential backoff between attempts: retry *n* waits up to"
              + " `min(max, base × (2^n − 1))`, `jitter` percent of it random.",
          List.of(
              duration(
                  "base",
                  true,
                  lit(Durations.format(Retries.Backoff.DEFAULT.base())),
                  "Upper bound of the first retry's wait."),
              duration(
                  "max",
                  true,
                  lit(Durations.format(Retries.Backoff.DEFAULT.max())),
                  "Cap of the wait; at least `base`."),
              integer(
                  "jitter",
                  0,
                  100,
                  lit(Retries.Backoff.DEFAULT.jitter()),
                  "Percent of the wait that is random.")));

  static final Section BUDGET =
      new Section(
          "backends[].retries.budget",
          "Retries allowed over `window`: `ratio` × the requests in it, plus `minPerSecond` per"
              + " second.",
          List.of(
              number(
                  "ratio",
                  0,
                  1,
                  lit(Retries.Budget.DEFAULT.ratio()),
                  "Retries per request; `0.2` lets retries add at most a fifth to the load."),
              integer(
                  "minPerSecond",
                  0,
                  Integer.MAX_VALUE,
                  lit(Retries.Budget.DEFAULT.minPerSecond()),
                  "Retries always allowed per second, however few the requests."),
              duration(
                  "window",
                  true,
                  lit(Durations.format(Retries.Budget.DEFAULT.window())),
                  "How far back requests and retries count.")));

  static final Section RETRIES =
      new Section(
          "backends[].retries",
          "When and how a failed request is tried again; see [Retries](#retries). Also allowed"
              + " in `defaults`, inherited key by key.",
          List.of(
              integer(
                  "attempts",
                  0,
                  MAX_RETRY_ATTEMPTS,
                  lit(Retries.DEFAULT.attempts()),
                  "Retries after the first try; `0` disables retries."),
              new Key(
                  "retryOn",
                  Kind.RETRY_ON,
                  false,
                  lit("[" + On.CONN_FAILURE.configName() + "]"),
                  0,
                  0,
                  retryOnKeywords(),
                  null,
                  "Failures that are retried: keywords and statuses ("
                      + retryableStatuses()
                      + "); `all-retryable-errors` stands for the four keywords and 500, 502, 503,"
                      + " 504; `none` alone for nothing. Replaces the inherited list."),
              bool(
                  "redispatch",
                  lit(Retries.DEFAULT.redispatch()),
                  "Retry on another eligible server when there is one."),
              duration(
                  "perTryTimeout",
                  true,
                  "`timeouts.server`",
                  "Each attempt's limit for the response head."),
              map("backoff", BACKOFF, "Wait between attempts."),
              integer(
                  "bufferLimit",
                  0,
                  MAX_BUFFER_LIMIT,
                  lit(Retries.DEFAULT_BUFFER_LIMIT),
                  "Request bodies up to this many bytes are held for replay; a request with a"
                      + " larger body is not retried once sent."),
              bool(
                  "retryNonIdempotent",
                  lit(Retries.DEFAULT.retryNonIdempotent()),
                  "Also retry POST, PATCH and other non-idempotent requests after they reached"
                      + " the server."),
              map("budget", BUDGET, "Limits retries to a share of recent traffic.")));

  /** The keys of {@code defaults} and {@code backends[]} that make up a {@link BackendPolicy}. */
  static final List<String> POLICY_KEYS =
      List.of(
          "healthCheck",
          "observe",
          "retries",
          "circuitBreaker",
          "outlierDetection",
          "limits",
          "slowstart",
          "faults");

  static final Section CIRCUIT_BREAKER = breaker("backends[].circuitBreaker", false);
  static final Section OUTLIER_DETECTION = breaker("backends[].outlierDetection", true);

  static final Section LIMITS =
      new Section(
          "backends[].limits",
          "Concurrency limits of the backend; see [Limits](#limits). `0` means unlimited. Also"
              + " allowed in `defaults`, inherited key by key.",
          List.of(
              unlimited("maxConnections", "Open connections to all servers of the backend."),
              unlimited("maxPendingRequests", "Requests waiting in the backend's queue."),
              unlimited("maxRequests", "Requests in flight to the backend."),
              unlimited("maxRetries", "Retries in flight at once.")));

  static final Section FAULT_DELAY =
      new Section(
          "backends[].faults.delay",
          "Delay some requests before they are sent on.",
          List.of(
              number("percent", 0, 100, lit(100), "Share of requests delayed, in percent."),
              new Key(
                  "duration",
                  Kind.DURATION,
                  true,
                  null,
                  1,
                  0,
                  List.of(),
                  null,
                  "How long they are delayed.")));

  static final Section FAULT_ABORT =
      new Section(
          "backends[].faults.abort",
          "Answer some requests at once, without sending them on.",
          List.of(
              number("percent", 0, 100, lit(100), "Share of requests aborted, in percent."),
              new Key(
                  "status",
                  Kind.INTEGER,
                  true,
                  null,
                  200,
                  599,
                  List.of(),
                  null,
                  "The status they are answered with.")));

  static final Section FAULTS =
      new Section(
          "backends[].faults",
          "Fault injection; see [Fault injection](#fault-injection). Writing the map turns it on."
              + " Also allowed in `defaults`, where backends inherit `delay` and `abort` each"
              + " whole, and on a route, where it replaces the backend's faults.",
          List.of(
              enabled("fault injection", "a route, the backend's"),
              map("delay", FAULT_DELAY, "Delay some requests."),
              map("abort", FAULT_ABORT, "Abort some requests.")));

  // The operator interfaces of global: Runtime API, stats listener, REST API and access log.

  /** Linux's {@code sun_path} holds 108 bytes with the terminating NUL. */
  static final int MAX_UNIX_PATH_BYTES = 107;

  static final int MIN_ACCESS_LOG_BUFFER = 16;
  static final int MAX_ACCESS_LOG_BUFFER = 1 << 20;

  static final Section RUNTIME_API =
      new Section(
          "global.runtimeApi[]",
          "One Runtime API listener, HAProxy's `stats socket`: a Unix socket or a TCP address,"
              + " exactly one of `unix` and `tcp`. See [Operator interfaces](#operator-interfaces).",
          List.of(
              string(
                  "unix",
                  false,
                  "none",
                  "Path of the Unix socket: absolute, at most "
                      + MAX_UNIX_PATH_BYTES
                      + " bytes, unique among the listeners."),
              new Key(
                  "tcp",
                  Kind.HOST_PORT,
                  false,
                  "none",
                  0,
                  0,
                  List.of(),
                  null,
                  "Address to listen on: loopback (`127.0.0.0/8`, `[::1]`) unless `allowRemote`;"
                      + " unique among all listen addresses."),
              enumeration(
                  "level",
                  configNames(AccessLevel.values(), AccessLevel::configName),
                  "`"
                      + AccessLevel.ADMIN.configName()
                      + "` on `unix`, `"
                      + AccessLevel.OPERATOR.configName()
                      + "` on `tcp`",
                  "What clients may do: `user` reads, `operator` also changes server state,"
                      + " weight and counters, `admin` everything."),
              new Key(
                  "mode",
                  Kind.FILE_MODE,
                  false,
                  lit("\"" + formatFileMode(RuntimeApiListener.DEFAULT_MODE) + "\""),
                  0,
                  0777,
                  List.of(),
                  null,
                  "Permissions of the socket file, quoted: `\"0660\"` lets the owner's group"
                      + " connect too. `unix` only."),
              string(
                  "owner",
                  false,
                  "the process's user",
                  "User name that owns the socket file. `unix` only."),
              bool(
                  "allowRemote",
                  lit(false),
                  "Allow a `tcp` address that is not loopback. The Runtime API has no"
                      + " authentication: whoever reaches the port has `level`.")));

  static final Section STATS_AUTH =
      new Section(
          "global.stats.auth",
          "HTTP Basic authentication for `/stats`. Both keys are required.",
          List.of(
              string("user", true, null, "User name: not empty, no `:`, no spaces."),
              string("password", true, null, "Password, not empty.")));

  static final Section STATS =
      new Section(
          "global.stats",
          "The stats listener: the HTML stats page, Prometheus metrics and health endpoints. See"
              + " [Operator interfaces](#operator-interfaces).",
          List.of(
              hostPort(
                  "listen",
                  "Address to listen on; unique among all listen addresses. Anyone who reaches it"
                      + " can read `/metrics`, `/healthz` and `/readyz`."),
              duration(
                  "refresh",
                  true,
                  lit(Durations.format(StatsPage.DEFAULT_REFRESH)),
                  "How often the HTML page reloads itself."),
              map("auth", STATS_AUTH, "Basic authentication for `/stats`; without it, none."),
              bool(
                  "admin",
                  lit(false),
                  "Allow setting server state from the page; requires `auth`.")));

  static final Section DATAPLANE_API =
      new Section(
          "global.dataplaneApi",
          "The REST Data Plane API. See [Operator interfaces](#operator-interfaces).",
          List.of(
              hostPort("listen", "Address to listen on; unique among all listen addresses."),
              string(
                  "tokenFile",
                  false,
                  "none; **required** unless `listen` is loopback",
                  "Absolute path of a file holding the bearer token clients must send; not opened"
                      + " when the configuration is checked.")));

  static final Section ACCESS_LOG =
      new Section(
          "global.accessLog",
          "One line per request. See [Operator interfaces](#operator-interfaces).",
          List.of(
              enumeration(
                  "target",
                  configNames(AccessLog.Target.values(), AccessLog.Target::configName),
                  lit(AccessLog.OFF.target().configName()),
                  "Where lines go: nowhere, standard output, or `file`."),
              string(
                  "file",
                  false,
                  "none; **required** with `target: file`",
                  "Absolute path of the log file; only with `target: file`."),
              enumeration(
                  "format",
                  configNames(AccessLog.Format.values(), AccessLog.Format::configName),
                  lit(AccessLog.OFF.format().configName()),
                  "`json`: one object per line. `haproxy`: HAProxy's HTTP log format."),
              integer(
                  "buffer",
                  MIN_ACCESS_LOG_BUFFER,
                  MAX_ACCESS_LOG_BUFFER,
                  lit(AccessLog.DEFAULT_BUFFER),
                  "Lines that may wait for the writer; more are dropped and counted, so the log"
                      + " never slows traffic down.")));

  static final Section GLOBAL =
      new Section(
          "global",
          "Process-wide settings.",
          List.of(
              integer(
                  "workers",
                  0,
                  MAX_WORKERS,
                  lit(Global.DEFAULT_WORKERS),
                  "Event-loop threads shared by all frontends and backends; `0` means one per"
                      + " available core."),
              integer(
                  "maxconn",
                  1,
                  Integer.MAX_VALUE,
                  lit(Global.DEFAULT_MAXCONN),
                  "Maximum concurrent client connections over all frontends. At the limit the"
                      + " dataplane stops accepting and resumes below it; queued connections wait"
                      + " in the kernel's accept backlog."),
              enumeration(
                  "transport",
                  Arrays.stream(Transport.values()).map(Transport::configName).toList(),
                  lit(Global.DEFAULT.transport().configName()),
                  "Socket transport: `io_uring` or `epoll` (Linux native; refuse to start without"
                      + " it), `nio` (portable), or `auto` (io_uring where the kernel allows it,"
                      + " else epoll, else nio)."),
              duration(
                  "shutdownGrace",
                  false,
                  lit(Durations.format(Global.DEFAULT_SHUTDOWN_GRACE)),
                  "After SIGTERM, how long in-flight requests get to finish before connections"
                      + " are closed. Listeners close at once."),
              list(
                  "runtimeApi",
                  RUNTIME_API,
                  "Runtime API listeners, HAProxy-compatible; none by default."),
              map("stats", STATS, "The stats listener; none by default."),
              map("dataplaneApi", DATAPLANE_API, "The REST Data Plane API; none by default."),
              map("accessLog", ACCESS_LOG, "The access log; off by default.")));

  static final Section DEFAULTS =
      new Section(
          "defaults",
          "Values every frontend and backend inherits unless it sets its own.",
          List.of(
              map(
                  "timeouts",
                  DEFAULT_TIMEOUTS,
                  "Timeouts of every frontend and backend; each key can be overridden per"
                      + " frontend or backend."),
              enumeration(
                  "balance",
                  balanceNames(),
                  lit(Defaults.DEFAULT.balance().configName()),
                  "Load-balancing algorithm of backends that do not set `balance`."),
              integer(
                  "maxconn",
                  0,
                  Integer.MAX_VALUE,
                  lit(Defaults.DEFAULT.maxconn()),
                  "Concurrent requests per server, for servers whose backend and own entry do"
                      + " not set `maxconn`; `0` means unlimited."),
              integer(
                  "maxqueue",
                  0,
                  Integer.MAX_VALUE,
                  lit(Defaults.DEFAULT.maxqueue()),
                  "Requests per backend that may wait for a server slot when all servers are at"
                      + " `maxconn`; `0` means unlimited. Beyond it requests get 503."),
              integer(
                  "maxBodySize",
                  0,
                  Integer.MAX_VALUE,
                  lit(0),
                  "Largest request body in bytes of backends that do not set `maxBodySize`;"
                      + " larger gets 413. `0` means no limit."),
              map(
                  "healthCheck",
                  HEALTH_CHECK,
                  "Health check of every backend's servers, unless a backend turns it off."),
              map("observe", OBSERVE, "Passive observation in every backend."),
              map(
                  "retries",
                  RETRIES,
                  "Retry policy of every backend; each key can be overridden per backend."),
              map("circuitBreaker", CIRCUIT_BREAKER, "Circuit breaker of every backend."),
              map("outlierDetection", OUTLIER_DETECTION, "Outlier detection in every backend."),
              map("limits", LIMITS, "Concurrency limits of every backend."),
              duration(
                  "slowstart",
                  true,
                  "none",
                  "Slow start of every backend's servers; see [Slow start](#slow-start)."),
              map("faults", FAULTS, "Fault injection in every backend.")));

  static final Section ROUTE =
      new Section(
          "frontends[].routes[]",
          "An Ingress-style rule: requests whose host and path match go to `backend`. See"
              + " [Routing](#routing) for how rules are chosen.",
          List.of(
              string(
                  "host",
                  false,
                  "any host",
                  "Exact host (`foo.example.com`) or wildcard (`*.example.com`, matching exactly"
                      + " one more label). Matched case-insensitively against the request's Host"
                      + " without its port. No port, no other `*`."),
              string(
                  "path",
                  false,
                  lit("/"),
                  "Absolute path starting with `/`, without query string."),
              enumeration(
                  "pathType",
                  Arrays.stream(PathType.values()).map(PathType::configName).toList(),
                  lit(PathType.PREFIX.configName()),
                  "`Exact`: the whole path, case-sensitively. `Prefix`: element-wise prefix."
                      + " `ImplementationSpecific`: same as `Prefix`."),
              string(
                  "backend",
                  true,
                  null,
                  "Name of the backend that serves matching requests (those `split` does not"
                      + " take)."),
              map(
                  "faults",
                  FAULTS,
                  "Fault injection for this route, replacing the backend's; `faults: {enabled:"
                      + " false}` turns the backend's off here."),
              list(
                  "split",
                  TrafficPolicySchema.SPLIT,
                  "More backends that take some of the requests: by header, cookie or weight."),
              map(
                  "policy",
                  TrafficPolicySchema.POLICY,
                  "The route's traffic policy, over its frontend's.")));

  static final Section TLS_CERTIFICATE =
      new Section(
          "frontends[].tls.certificates[]",
          "A certificate chain and its private key, each from a file or inline PEM (exactly one"
              + " of the two). Its DNS names (subject alternative names, or the common name when"
              + " it has none) are the SNI names it is served for; `*.example.com` matches one more"
              + " label.",
          List.of(
              string(
                  "certFile",
                  false,
                  "none",
                  "PEM file: the leaf certificate first, then its intermediates."),
              string("cert", false, "none", "The same PEM inline."),
              string(
                  "keyFile",
                  false,
                  "none",
                  "PEM file of the unencrypted private key: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1"
                      + " (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`); RSA or"
                      + " ECDSA."),
              string("key", false, "none", "The same PEM inline.")));

  static final Section FRONTEND_TLS =
      new Section(
          "frontends[].tls",
          "TLS termination; see [TLS](tls.md). Writing the map makes the frontend HTTPS-only.",
          List.of(
              list(
                  "certificates",
                  TLS_CERTIFICATE,
                  "At least one. The first is served when the client sends no SNI name or one"
                      + " that no certificate has."),
              string(
                  "protocols",
                  false,
                  lit(String.join(",", Tls.PROTOCOLS)),
                  "Enabled protocol versions, comma-separated: `TLSv1.2`, `TLSv1.3`."),
              string(
                  "ciphers",
                  false,
                  "the engine's defaults",
                  "Enabled cipher suites, comma-separated (IANA names such as"
                      + " `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); at least one must be"
                      + " supported.")));

  static final Section BACKEND_TLS_CLIENT_CERTIFICATE =
      new Section(
          "backends[].tls.clientCertificate",
          "The certificate chain and private key presented to servers that ask for one (mTLS),"
              + " each from a file or inline PEM (exactly one of the two); the same keys and key"
              + " formats as [`frontends[].tls.certificates[]`](#frontendstlscertificates).",
          TLS_CERTIFICATE.keys());

  static final Section BACKEND_TLS =
      new Section(
          "backends[].tls",
          "TLS to the servers (re-encryption); see [TLS to backends](tls.md#tls-to-backends)."
              + " Writing the map turns it on; health checks of the servers then use TLS too.",
          List.of(
              bool("enabled", lit(true), "`false` keeps the block but connects in plain TCP."),
              string(
                  "caFile",
                  false,
                  "the JDK's trust store",
                  "PEM file of the CA certificates that may sign the servers' certificates."),
              string("ca", false, "the JDK's trust store", "The same PEM bundle inline."),
              bool(
                  "verify",
                  lit(true),
                  "Verify the server's certificate chain against the CAs and its name against"
                      + " `sni` (or the server's address: a DNS name, or an IP address in the"
                      + " certificate's IP SANs). `false` verifies nothing."),
              string(
                  "sni",
                  false,
                  "the server's address when it is a DNS name; none for an IP address",
                  "Server name sent in the handshake (SNI) and verified. A DNS name; the same for"
                      + " every request, since connections are pooled and reused across"
                      + " requests."),
              map(
                  "clientCertificate",
                  BACKEND_TLS_CLIENT_CERTIFICATE,
                  "Client certificate for servers that require one (mTLS)."),
              string(
                  "protocols",
                  false,
                  lit(String.join(",", Tls.PROTOCOLS)),
                  "Enabled protocol versions, comma-separated: `TLSv1.2`, `TLSv1.3`."),
              string(
                  "ciphers",
                  false,
                  "the engine's defaults",
                  "Enabled cipher suites, comma-separated; at least one must be supported.")));

  static final Section FRONTEND =
      new Section(
          "frontends[]",
          "A listening socket and its routes.",
          List.of(
              string(
                  "name",
                  true,
                  null,
                  "Unique among frontends; names the frontend in stats, logs and the Runtime"
                      + " API."),
              hostPort(
                  "listen",
                  "Address to bind, e.g. `0.0.0.0:8080` or `[::]:8080`; unique among frontends."),
              string(
                  "defaultBackend",
                  false,
                  "none: 404",
                  "Backend for requests no route matches; without it they get 404."),
              map(
                  "timeouts",
                  FRONTEND_TIMEOUTS,
                  "Overrides of `defaults.timeouts` for this frontend's client connections."),
              bool(
                  "proxyProtocol",
                  lit(false),
                  "Every connection starts with a PROXY protocol header (v1 or v2), as a load"
                      + " balancer in front sends it; its source address is the client's. A"
                      + " connection without one is closed."),
              strings(
                  "trustedProxies",
                  "none",
                  "CIDR ranges of peers (proxies, load balancers) whose `X-Forwarded-For` and"
                      + " `X-Forwarded-Proto` are believed: the client address and scheme are"
                      + " taken from them."),
              integer(
                  "maxconnPerClient",
                  0,
                  Integer.MAX_VALUE,
                  lit(0),
                  "The most connections one client address may have open on this frontend at"
                      + " once; a connection over it is closed at accept, without an answer."
                      + " Counted by the socket's peer address, so not allowed with"
                      + " `proxyProtocol`. `0` means no limit. See"
                      + " [Hardening](hardening.md#per-client-connection-limit)."),
              map("requestId", TrafficPolicySchema.REQUEST_ID, "How requests get their id."),
              map(
                  "policy",
                  TrafficPolicySchema.POLICY,
                  "The traffic policy every route of the frontend, and its default backend, starts"
                      + " from."),
              map("tls", FRONTEND_TLS, "TLS termination; without it the frontend is plain HTTP."),
              bool(
                  "http2",
                  lit(false),
                  "Serve HTTP/2 too: with `tls`, ALPN offers `h2` before `http/1.1`; without it,"
                      + " a client that opens with the HTTP/2 preface (h2c prior knowledge) speaks"
                      + " HTTP/2. Each stream is proxied like a request, in its backend's `protocol`."),
              list("routes", ROUTE, "Routing rules; may be empty.")));

  static final Section SERVER =
      new Section(
          "backends[].servers[]",
          "One upstream server.",
          List.of(
              string(
                  "name",
                  true,
                  null,
                  "Unique within the backend. Health, breaker and counters of a server are"
                      + " carried over a config change when the name stays."),
              hostPort("address", "Where to connect: IPv4, `[IPv6]` or DNS name, and port."),
              integer(
                  "weight",
                  0,
                  Server.MAX_WEIGHT,
                  lit(Server.DEFAULT_WEIGHT),
                  "Share of requests relative to the other servers; `0` takes no new requests"
                      + " (drain)."),
              integer(
                  "maxconn",
                  0,
                  Integer.MAX_VALUE,
                  "`backends[].maxconn`, else `defaults.maxconn`",
                  "Concurrent requests to this server; `0` means unlimited. Requests beyond it"
                      + " wait in the backend's queue."),
              enumeration(
                  "initialState",
                  configNames(InitialState.values(), InitialState::configName),
                  lit(InitialState.UP.configName()),
                  "Health of a new server before its first check: `up` takes requests at once,"
                      + " `down` only after `rise` passed checks. A server that remains across a"
                      + " config change keeps the state its checks gave it."),
              map(
                  "healthCheck",
                  HEALTH_CHECK,
                  "This server's overrides of its backend's health check, key by key; on a"
                      + " backend without one, checks this server alone.")));

  static final Section BACKEND =
      new Section(
          "backends[]",
          "A named set of servers and how requests are spread over them.",
          List.of(
              string(
                  "name",
                  true,
                  null,
                  "Unique among backends; routes refer to it. The controller names backends"
                      + " `namespace/service/port`."),
              enumeration(
                  "balance",
                  balanceNames(),
                  "`defaults.balance`",
                  "`roundrobin`: smooth weighted round robin. `leastconn`: fewest active requests"
                      + " relative to weight. `random`: weighted random, best of two."
                      + " `source`: consistent hash of the client IP. `uri`: consistent hash of"
                      + " the path."),
              integer(
                  "maxconn",
                  0,
                  Integer.MAX_VALUE,
                  "`defaults.maxconn`",
                  "Default `maxconn` of this backend's servers; `0` means unlimited."),
              integer(
                  "maxqueue",
                  0,
                  Integer.MAX_VALUE,
                  "`defaults.maxqueue`",
                  "Requests that may wait for a server slot; `0` means unlimited."),
              integer(
                  "maxBodySize",
                  0,
                  Integer.MAX_VALUE,
                  "`defaults.maxBodySize`",
                  "Largest request body in bytes the backend accepts; larger gets 413 (a"
                      + " Content-Length over it before anything is sent to a server; a chunked"
                      + " body as soon as it grows over it). `0` means no limit. A route or"
                      + " frontend `policy.maxBodySize` other than `0` wins over it. See"
                      + " [Hardening](hardening.md#request-body-limits)."),
              enumeration(
                  "protocol",
                  configNames(BackendProtocol.values(), BackendProtocol::configName),
                  lit(BackendProtocol.HTTP1.configName()),
                  "What the dataplane speaks to the servers: `http1` (HTTP/1.1, a pooled connection"
                      + " per request in flight), `h2c` (cleartext HTTP/2 with prior knowledge:"
                      + " requests are streams multiplexed over a few connections per server, as"
                      + " gRPC servers expect) or `h2` (HTTP/2 over TLS, needs `tls`; the server must choose `h2` by ALPN). See"
                      + " [HTTP/2 backends](http2-backends.md)."),
              integer(
                  "maxStreams",
                  1,
                  Integer.MAX_VALUE,
                  lit(Backend.DEFAULT_MAX_STREAMS),
                  "With `h2c`/`h2`: the most concurrent streams one connection to a server"
                      + " carries; the server's `SETTINGS_MAX_CONCURRENT_STREAMS` may lower it. A"
                      + " request that finds every connection full opens another one."),
              map(
                  "timeouts",
                  BACKEND_TIMEOUTS,
                  "Overrides of `defaults.timeouts` for this backend's server connections."),
              map("healthCheck", HEALTH_CHECK, "Active health checks of the servers."),
              map("observe", OBSERVE, "Passive observation of the servers' live traffic."),
              map("retries", RETRIES, "When and how failed requests are tried again."),
              map(
                  "circuitBreaker",
                  CIRCUIT_BREAKER,
                  "One breaker for the whole backend: while open, requests get 503 at once."),
              map(
                  "outlierDetection",
                  OUTLIER_DETECTION,
                  "A breaker per server, taking failing servers out of the balance."),
              map("limits", LIMITS, "Concurrency limits; above them requests get 503 at once."),
              duration(
                  "slowstart",
                  true,
                  "`defaults.slowstart`, else none",
                  "A server coming UP ramps its weight from nothing to full over this time;"
                      + " without it, at once. See [Slow start](#slow-start)."),
              map("faults", FAULTS, "Fault injection for chaos experiments."),
              map("tls", BACKEND_TLS, "TLS to the servers; without it, plain TCP."),
              list(
                  "servers",
                  SERVER,
                  "The servers; may be empty, and then requests to the backend get 503.")));

  static final Section ROOT =
      new Section(
          "",
          "The four sections, all optional. An empty document is a valid configuration with no"
              + " frontends.",
          List.of(
              map("global", GLOBAL, "Process-wide settings."),
              map("defaults", DEFAULTS, "Values inherited by every frontend and backend."),
              list("frontends", FRONTEND, "Listening sockets and their routes."),
              list("backends", BACKEND, "Server sets that routes send requests to.")));

  private ConfigSchema() {}

  /** Every section, parents before children, in the order the documentation lists them. */
  static List<Section> sections() {
    List<Section> out = new ArrayList<>();
    collect(ROOT, out);
    return out;
  }

  /**
   * A section shared by several places (a health check in {@code defaults}, a backend and a server)
   * is listed once, where its path says it lives.
   */
  private static void collect(Section s, List<Section> out) {
    out.add(s);
    for (Key k : s.keys) {
      if (k.section != null && k.section.path.equals(placement(s, k))) {
        collect(k.section, out);
      }
    }
  }

  /** The generic path of a map or list key's section at this place: {@code backends[]}. */
  static String placement(Section parent, Key k) {
    String p = TreeReader.child(parent.path, k.name);
    return k.kind == Kind.LIST ? p + "[]" : p;
  }

  /**
   * The eight timeouts. Their descriptions say which side uses them: a key that does not apply to a
   * frontend (or backend) is accepted there so one {@code timeouts} block can be copied around, and
   * has no effect.
   */
  private static Section timeouts(String path, boolean inherited) {
    Timeouts d = Timeouts.DEFAULT;
    String[][] rows = {
      {
        "connect", Durations.format(d.connect()), "Backends: to establish a connection to a server."
      },
      {
        "client",
        Durations.format(d.client()),
        "Frontends: inactivity while the client is expected to send (a request body, or the rest"
            + " of a half-sent request), and, as HAProxy's `timeout client`, while it is expected"
            + " to read: a response that stays above the write buffer's high watermark this long"
            + " (a client that stopped reading) closes the connection and releases the server's."
      },
      {
        "server",
        Durations.format(d.server()),
        "Backends: inactivity while waiting for the server to send (response headers or body)."
      },
      {
        "httpRequest",
        Durations.format(d.httpRequest()),
        "Frontends: to receive a complete request head, counted from the connection start or the"
            + " end of the previous response."
      },
      {
        "httpKeepAlive",
        Durations.format(d.httpKeepAlive()),
        "Frontends: idle time between requests on a keep-alive client connection."
      },
      {
        "queue",
        Durations.format(d.queue()),
        "Backends: how long a request may wait for a server slot when servers are at"
            + " `maxconn`; then 503."
      },
      {
        "tunnel",
        Durations.format(d.tunnel()),
        "Backends: inactivity in both directions once a connection is upgraded (WebSocket)."
      },
      {
        "poolIdle",
        Durations.format(d.poolIdle()),
        "Backends: how long an idle pooled server connection is kept before it is closed."
      },
    };
    List<Key> keys = new ArrayList<>();
    for (String[] r : rows) {
      String def = inherited ? "`defaults.timeouts." + r[0] + "`" : lit(r[1]);
      keys.add(duration(r[0], true, def, r[2]));
    }
    String summary =
        inherited
            ? "Same keys as [`defaults.timeouts`](#defaultstimeouts); each key not set here is"
                + " inherited from there."
            : "Timeouts, HAProxy-style. Frontends use `client`, `httpRequest` and"
                + " `httpKeepAlive`; backends use the others. All must be greater than zero.";
    return new Section(path, summary, List.copyOf(keys));
  }

  private static List<String> balanceNames() {
    return Arrays.stream(Balance.values()).map(Balance::configName).toList();
  }

  private static <E> List<String> configNames(E[] values, Function<E, String> name) {
    return Arrays.stream(values).map(name).toList();
  }

  /**
   * The breaker keys, with {@code maxEjectionPercent} for outlier detection only; a backend's
   * breaker has nothing to eject.
   */
  private static Section breaker(String path, boolean outlier) {
    Breaker d = Breaker.DEFAULT;
    List<Key> keys = new ArrayList<>();
    keys.add(enabled(outlier ? "outlier detection" : "the breaker", null));
    keys.add(
        enumeration(
            "windowType",
            configNames(Breaker.WindowType.values(), Breaker.WindowType::configName),
            lit(d.windowType().configName()),
            "`time`: rates over the last `window`. `count`: over the last `windowSize` calls."));
    keys.add(
        duration("window", true, lit(Durations.format(d.window())), "Length of a `time` window."));
    keys.add(integer("windowSize", 1, 10_000, lit(d.windowSize()), "Calls in a `count` window."));
    keys.add(
        integer(
            "failureRateThreshold",
            1,
            100,
            lit(d.failureRateThreshold()),
            "Percent of failed calls in the window that opens it."));
    keys.add(
        integer(
            "minimumRequests",
            1,
            Integer.MAX_VALUE,
            lit(d.minimumRequests()),
            "Calls the window must hold before its rates count."));
    keys.add(
        integer(
            "consecutiveFailures",
            0,
            Integer.MAX_VALUE,
            lit(d.consecutiveFailures()),
            "Failures in a row that open it, whatever the window says; `0` turns this off."));
    keys.add(
        integer(
            "slowCallRateThreshold",
            1,
            100,
            lit(d.slowCallRateThreshold()),
            "Percent of slow calls in the window that opens it."));
    keys.add(
        duration(
            "slowCallDuration",
            true,
            "none: slow calls are not counted",
            "A call slower than this is slow."));
    keys.add(
        duration(
            "openDuration",
            true,
            lit(Durations.format(d.openDuration())),
            "How long the first open period lasts; it doubles with each trip in a row."));
    keys.add(
        duration(
            "maxOpenDuration",
            true,
            lit(Durations.format(d.maxOpenDuration())),
            "Cap of the growing open period; at least `openDuration`."));
    keys.add(
        integer(
            "halfOpenRequests",
            1,
            1000,
            lit(d.halfOpenRequests()),
            "Probe calls let through when half-open."));
    if (outlier) {
      keys.add(
          integer(
              "maxEjectionPercent",
              0,
              100,
              lit(d.maxEjectionPercent()),
              "At most this share of the backend's servers is ejected at once; past it, traffic"
                  + " spreads over all servers (panic)."));
    }
    String summary =
        outlier
            ? "A circuit breaker per server: an open server is ejected from the balance; see"
                + " [Circuit breakers and outlier detection](#circuit-breakers-and-outlier-detection)."
                + " Writing the map turns it on. Also allowed in `defaults`, inherited key by key."
            : "One circuit breaker for the whole backend: while it is open, requests get 503 at"
                + " once; see [Circuit breakers and outlier"
                + " detection](#circuit-breakers-and-outlier-detection). Writing the map turns it on."
                + " Also allowed in `defaults`, inherited key by key.";
    return new Section(path, summary, List.copyOf(keys));
  }

  /** The keywords {@code retryOn} accepts besides statuses. */
  static List<String> retryOnKeywords() {
    List<String> out = new ArrayList<>();
    for (On on : On.values()) {
      out.add(on.configName());
    }
    out.add(ALL_RETRYABLE_ERRORS);
    out.add(RETRY_ON_NONE);
    return List.copyOf(out);
  }

  /** {@link Retries#RETRYABLE_STATUSES} in order, as written in messages and docs. */
  static String retryableStatuses() {
    return String.join(
        ", ", new TreeSet<>(Retries.RETRYABLE_STATUSES).stream().map(String::valueOf).toList());
  }

  /** A status list as written in the file: {@code ["500", "502-504"]}. */
  static String statusesText(List<StatusRange> ranges) {
    return "[" + String.join(", ", ranges.stream().map(r -> "\"" + r + "\"").toList()) + "]";
  }

  /**
   * A file mode as written in messages, in octal with a leading zero and at least three digits:
   * {@code 0600}, {@code 0007}, {@code 01000}.
   */
  static String formatFileMode(long mode) {
    String digits = Long.toOctalString(Math.abs(mode));
    String padded = "0".repeat(Math.max(0, 3 - digits.length())) + digits;
    return (mode < 0 ? "-0" : "0") + padded;
  }

  /** A number as written in messages: {@code 150}, {@code 0.25}. */
  static String formatNumber(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  static String lit(Object value) {
    return "`" + value + "`";
  }

  static Key string(String name, boolean required, String def, String description) {
    return new Key(name, Kind.STRING, required, def, 0, 0, List.of(), null, description);
  }

  static Key integer(String name, long min, long max, String def, String description) {
    return new Key(name, Kind.INTEGER, false, def, min, max, List.of(), null, description);
  }

  static Key duration(String name, boolean positive, String def, String description) {
    return new Key(
        name, Kind.DURATION, false, def, positive ? 1 : 0, 0, List.of(), null, description);
  }

  static Key number(String name, long min, long max, String def, String description) {
    return new Key(name, Kind.NUMBER, false, def, min, max, List.of(), null, description);
  }

  static Key bool(String name, String def, String description) {
    return new Key(name, Kind.BOOLEAN, false, def, 0, 0, List.of(), null, description);
  }

  /** {@code enabled} of a map whose presence turns a feature on. */
  static Key enabled(String feature, String alsoOn) {
    return bool(
        "enabled",
        lit(true),
        "`false` turns off "
            + feature
            + " inherited from `defaults`"
            + (alsoOn != null ? " (or, on " + alsoOn + ")" : "")
            + ".");
  }

  static Key strings(String name, String def, String description) {
    return new Key(name, Kind.STRINGS, false, def, 0, 0, List.of(), null, description);
  }

  private static Key unlimited(String name, String description) {
    return integer(name, 0, Integer.MAX_VALUE, lit(0), description);
  }

  private static Key statuses(String name, int minSize, String def, String description) {
    return new Key(name, Kind.STATUSES, false, def, minSize, 0, List.of(), null, description);
  }

  private static Key hostPort(String name, String description) {
    return new Key(name, Kind.HOST_PORT, true, null, 0, 0, List.of(), null, description);
  }

  static Key enumeration(String name, List<String> values, String def, String description) {
    return new Key(name, Kind.ENUM, false, def, 0, 0, List.copyOf(values), null, description);
  }

  static Key map(String name, Section section, String description) {
    return new Key(name, Kind.MAP, false, null, 0, 0, List.of(), section, description);
  }

  static Key list(String name, Section section, String description) {
    return new Key(name, Kind.LIST, false, lit("[]"), 0, 0, List.of(), section, description);
  }
}
