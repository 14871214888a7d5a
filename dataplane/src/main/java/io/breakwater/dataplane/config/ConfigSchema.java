package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    ENUM
  }

  /**
   * One key of a section.
   *
   * @param name the key as written in the file
   * @param kind its value type
   * @param required whether the key must be present
   * @param defaultText Markdown: the default as a literal in backticks, or prose ("any host")
   * @param min smallest allowed integer; for durations 1 means "> 0" and 0 means ">= 0"
   * @param max largest allowed integer
   * @param values the allowed spellings of an {@link Kind#ENUM}
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
      return max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
    }

    boolean inRange(long value) {
      return value >= min && value <= max;
    }

    boolean inRange(Duration d) {
      return !d.isNegative() && (min == 0 || !d.isZero());
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
                      + " are closed. Listeners close at once.")));

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
                      + " `maxconn`; `0` means unlimited. Beyond it requests get 503.")));

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
              string("backend", true, null, "Name of the backend that serves matching requests.")));

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
                      + " wait in the backend's queue.")));

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
              map(
                  "timeouts",
                  BACKEND_TIMEOUTS,
                  "Overrides of `defaults.timeouts` for this backend's server connections."),
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

  private static void collect(Section s, List<Section> out) {
    out.add(s);
    for (Key k : s.keys) {
      if (k.section != null) {
        collect(k.section, out);
      }
    }
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
            + " of a half-sent request)."
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

  private static String lit(Object value) {
    return "`" + value + "`";
  }

  private static Key string(String name, boolean required, String def, String description) {
    return new Key(name, Kind.STRING, required, def, 0, 0, List.of(), null, description);
  }

  private static Key integer(String name, long min, long max, String def, String description) {
    return new Key(name, Kind.INTEGER, false, def, min, max, List.of(), null, description);
  }

  private static Key duration(String name, boolean positive, String def, String description) {
    return new Key(
        name, Kind.DURATION, false, def, positive ? 1 : 0, 0, List.of(), null, description);
  }

  private static Key hostPort(String name, String description) {
    return new Key(name, Kind.HOST_PORT, true, null, 0, 0, List.of(), null, description);
  }

  private static Key enumeration(String name, List<String> values, String def, String description) {
    return new Key(name, Kind.ENUM, false, def, 0, 0, List.copyOf(values), null, description);
  }

  private static Key map(String name, Section section, String description) {
    return new Key(name, Kind.MAP, false, null, 0, 0, List.of(), section, description);
  }

  private static Key list(String name, Section section, String description) {
    return new Key(name, Kind.LIST, false, lit("[]"), 0, 0, List.of(), section, description);
  }
}
