package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@link ConfigValidator} for the operator interfaces of {@code global}: Runtime API
 * listeners, the stats listener, the REST Data Plane API and the access log. {@link
 * InterfacesReader} leaves every rule but the value types to this class, so a file and a model
 * built in code get the same errors.
 *
 * <p>Each of these listeners would hand out control of the proxy, so the checks lean to refusing:
 * no TCP Runtime API off loopback without {@code allowRemote}, no REST API off loopback without a
 * token, no admin page without a password, and no key that would be silently ignored.
 */
final class InterfacesValidator {

  private static final String LOOPBACK = "127.0.0.0/8 or [::1]";

  private final List<ConfigError> errors;

  /** The TCP addresses of the interfaces checked so far, for collisions between them. */
  private final List<Taken> taken = new ArrayList<>();

  private record Taken(String path, HostPort address) {}

  InterfacesValidator(List<ConfigError> errors) {
    this.errors = errors;
  }

  /** Checks {@code g}'s interfaces; {@code frontends} are there for address collisions. */
  void validate(Global g, List<Frontend> frontends) {
    taken.clear();
    runtimeApi(g.runtimeApi(), frontends);
    if (g.stats() != null) {
      stats(g.stats(), frontends);
    }
    if (g.dataplaneApi() != null) {
      dataplaneApi(g.dataplaneApi(), frontends);
    }
    accessLog(g.accessLog());
  }

  private void runtimeApi(List<RuntimeApiListener> listeners, List<Frontend> frontends) {
    Section s = ConfigSchema.RUNTIME_API;
    Map<String, Integer> unixPaths = new HashMap<>();
    for (int i = 0; i < listeners.size(); i++) {
      RuntimeApiListener l = listeners.get(i);
      String p = "global.runtimeApi[" + i + "]";
      if (l.unix() != null && l.tcp() != null) {
        error(p, "both unix and tcp (expected: exactly one; write two entries for two listeners)");
      } else if (l.unix() == null && l.tcp() == null) {
        error(p, "neither unix nor tcp (expected: exactly one of unix, tcp)");
      }
      if (l.unix() != null) {
        unixPath(p + ".unix", l.unix(), unixPaths, i);
        if (l.owner() != null) {
          String problem = ownerProblem(l.owner());
          if (problem != null) {
            error(p + ".owner", problem);
          }
        }
        String modeProblem = s.key("mode").problem(l.mode());
        if (modeProblem != null) {
          error(p + ".mode", modeProblem);
        }
      }
      if (l.tcp() != null) {
        if (listen(p + ".tcp", l.tcp(), frontends) && !l.allowRemote() && !l.tcp().isLoopback()) {
          error(
              p + ".tcp",
              Texts.quote(l.tcp().format())
                  + " is not a loopback address (expected: "
                  + LOOPBACK
                  + "; set allowRemote: true to accept clients from other hosts)");
        }
      }
      // Keys of the other kind of listener; with both kinds written, that is the problem.
      if (l.tcp() != null && l.unix() == null) {
        if (l.mode() != RuntimeApiListener.DEFAULT_MODE) {
          error(p + ".mode", unixOnly("mode", ConfigSchema.formatFileMode(l.mode())));
        }
        if (l.owner() != null) {
          error(p + ".owner", unixOnly("owner", Texts.quote(l.owner())));
        }
      }
      if (l.unix() != null && l.tcp() == null && l.allowRemote()) {
        error(p + ".allowRemote", "true (expected: false; allowRemote applies to tcp only)");
      }
    }
  }

  private void unixPath(String path, String value, Map<String, Integer> seen, int index) {
    String problem = pathProblem(value);
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (problem == null && bytes > ConfigSchema.MAX_UNIX_PATH_BYTES) {
      problem =
          Texts.quote(value)
              + " is "
              + bytes
              + " bytes long (expected: at most "
              + ConfigSchema.MAX_UNIX_PATH_BYTES
              + ", the limit of a Unix socket path)";
    }
    if (problem != null) {
      error(path, problem);
      return;
    }
    Integer first = seen.putIfAbsent(Path.of(value).normalize().toString(), index);
    if (first != null) {
      error(path, Texts.quote(value) + " is already used by global.runtimeApi[" + first + "].unix");
    }
  }

  private void stats(StatsPage st, List<Frontend> frontends) {
    Section s = ConfigSchema.STATS;
    listen("global.stats.listen", st.listen(), frontends);
    String refresh = s.key("refresh").problem(st.refresh());
    if (refresh != null) {
      error("global.stats.refresh", refresh);
    }
    boolean auth = st.user() != null || st.password() != null;
    if (auth) {
      if (st.user() == null) {
        error("global.stats.auth.user", "missing (required)");
      } else if (!validUser(st.user())) {
        error(
            "global.stats.auth.user",
            Texts.quote(st.user()) + " (expected: a non-empty user name without \":\" or spaces)");
      }
      if (st.password() == null) {
        error("global.stats.auth.password", "missing (required)");
      } else if (st.password().isEmpty()) {
        error("global.stats.auth.password", "\"\" (expected: a non-empty password)");
      }
    } else if (st.admin()) {
      error(
          "global.stats.admin",
          "true (expected: false without auth; admin actions need a user and password)");
    }
  }

  private void dataplaneApi(DataplaneApi api, List<Frontend> frontends) {
    String p = "global.dataplaneApi";
    boolean listenOk = listen(p + ".listen", api.listen(), frontends);
    if (api.tokenFile() != null) {
      String problem = pathProblem(api.tokenFile());
      if (problem != null) {
        error(p + ".tokenFile", problem);
      }
    } else if (listenOk && !api.listen().isLoopback()) {
      error(
          p + ".tokenFile",
          "missing (required: listen "
              + Texts.quote(api.listen().format())
              + " is not a loopback address, "
              + LOOPBACK
              + ")");
    }
  }

  private void accessLog(AccessLog log) {
    String p = "global.accessLog";
    boolean toFile = log.target() == AccessLog.Target.FILE;
    if (toFile && log.file() == null) {
      error(p + ".file", "missing (required with target: file)");
    } else if (!toFile && log.file() != null) {
      // An error, not a warning: a file that is silently not written is found out only when the
      // log is needed, and then it is gone.
      error(
          p + ".file",
          Texts.quote(log.file())
              + " (expected: no file with target: "
              + log.target().configName()
              + "; set target: file to write to it)");
    } else if (toFile) {
      String problem = pathProblem(log.file());
      if (problem != null) {
        error(p + ".file", problem);
      }
    }
    String buffer = ConfigSchema.ACCESS_LOG.key("buffer").problem(log.buffer());
    if (buffer != null) {
      error(p + ".buffer", buffer);
    }
  }

  /**
   * Checks a TCP listen address and that nothing else listens on it: the interfaces before it, and
   * the frontends. A collision with a frontend is reported here, at the interface, since the
   * frontends are what the proxy is for. Returns whether the address is valid.
   */
  private boolean listen(String path, HostPort address, List<Frontend> frontends) {
    String problem = ConfigValidator.listenProblem(address);
    if (problem != null) {
      error(path, problem);
      return false;
    }
    String collision = null;
    for (Taken t : taken) {
      collision = ConfigValidator.collision(address, t.path(), t.address());
      if (collision != null) {
        break;
      }
    }
    for (int i = 0; collision == null && i < frontends.size(); i++) {
      HostPort other = frontends.get(i).listen();
      if (ConfigValidator.listenProblem(other) == null) {
        collision = ConfigValidator.collision(address, "frontends[" + i + "].listen", other);
      }
    }
    if (collision != null) {
      error(path, collision);
    }
    taken.add(new Taken(path, address));
    return true;
  }

  private void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  // Rules shared with InterfacesReader: each returns what is wrong, or null.

  /** A key of Unix socket listeners written on a tcp one: {@code shown} is its value. */
  static String unixOnly(String key, String shown) {
    return shown + " (expected: no " + key + "; " + key + " applies to unix only)";
  }

  /**
   * A path the dataplane opens or creates: absolute, because its working directory is whatever the
   * container gives it, and a file's rather than a directory's. It is not looked at on disk: the
   * configuration is checked where it is written, often not where it runs.
   */
  private static String pathProblem(String path) {
    String expected;
    if (path.isEmpty() || path.charAt(0) != '/') {
      expected = "an absolute path";
    } else if (hasControl(path)) {
      expected = "a path without control characters";
    } else if (path.endsWith("/")) {
      expected = "a file's path, not a directory's";
    } else {
      return null;
    }
    return Texts.quote(path) + " (expected: " + expected + ")";
  }

  /** A user name as {@code chown} takes it, without a group. */
  private static String ownerProblem(String owner) {
    return owner.isEmpty() || Texts.hasSpaceOrControl(owner) || owner.indexOf(':') >= 0
        ? Texts.quote(owner) + " (expected: a user name without spaces or \":\")"
        : null;
  }

  /** RFC 7617: the user-id of Basic authentication cannot hold a colon. */
  private static boolean validUser(String user) {
    return !user.isEmpty() && !Texts.hasSpaceOrControl(user) && user.indexOf(':') < 0;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
