package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.TreeReader.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the operator interfaces of {@code global}: Runtime API listeners, the stats listener, the
 * REST Data Plane API and the access log.
 *
 * <p>Only the value types are checked here; every other rule is {@link InterfacesValidator}'s, on
 * the model, so that a file and a configuration built in code get the same errors. A key that is
 * written but unreadable gets a placeholder that the validator passes over or reports at the same
 * path (where {@link ConfigLoader} drops it), so it is reported once: a listen address becomes
 * {@link #PLACEHOLDER_LISTEN}, a socket path or stats credential a name in angle brackets. The one
 * rule checked here is {@code mode} on a tcp listener, which the model cannot tell from the default
 * when it is written as {@code "0600"}.
 */
final class InterfacesReader {

  /**
   * Stands in for an unreadable or missing interface address: loopback, so it asks for neither a
   * token nor {@code allowRemote}, and port 0, so it collides with nothing.
   */
  static final HostPort PLACEHOLDER_LISTEN = new HostPort("127.0.0.1", 0);

  private InterfacesReader() {}

  static List<RuntimeApiListener> runtimeApi(TreeReader r, Fields global) {
    List<RuntimeApiListener> out = new ArrayList<>();
    for (Fields e : global.list("runtimeApi")) {
      String unix = e.string("unix");
      if (unix == null && e.written("unix")) {
        unix = placeholder(e.pathOf("unix"));
      }
      HostPort tcp = e.hostPort("tcp");
      if (tcp == null && e.written("tcp")) {
        tcp = PLACEHOLDER_LISTEN;
      }
      Integer mode = e.fileMode("mode");
      if (mode != null && e.written("tcp") && !e.written("unix")) {
        r.error(
            e.pathOf("mode"),
            InterfacesValidator.unixOnly("mode", ConfigSchema.formatFileMode(mode)));
        mode = null;
      }
      AccessLevel level =
          e.enumeration("level", byConfigName(AccessLevel.values(), AccessLevel::configName));
      out.add(
          new RuntimeApiListener(
              unix,
              tcp,
              level != null
                  ? level
                  : unix != null && tcp == null ? AccessLevel.ADMIN : AccessLevel.OPERATOR,
              mode != null ? mode : RuntimeApiListener.DEFAULT_MODE,
              e.string("owner"),
              Boolean.TRUE.equals(e.bool("allowRemote"))));
    }
    return out;
  }

  /** {@code null} when {@code stats} is not written. */
  static StatsPage stats(Fields global) {
    Fields s = global.map("stats");
    if (!s.present()) {
      return null;
    }
    HostPort listen = s.hostPort("listen");
    Fields auth = s.map("auth");
    String user = null;
    String password = null;
    if (auth.present()) {
      user = or(auth.string("user"), placeholder(auth.pathOf("user")));
      password = or(auth.string("password"), placeholder(auth.pathOf("password")));
    }
    return new StatsPage(
        or(listen, PLACEHOLDER_LISTEN),
        or(s.duration("refresh"), StatsPage.DEFAULT_REFRESH),
        user,
        password,
        Boolean.TRUE.equals(s.bool("admin")));
  }

  /** {@code null} when {@code dataplaneApi} is not written. */
  static DataplaneApi dataplaneApi(Fields global) {
    Fields d = global.map("dataplaneApi");
    if (!d.present()) {
      return null;
    }
    return new DataplaneApi(or(d.hostPort("listen"), PLACEHOLDER_LISTEN), d.string("tokenFile"));
  }

  static AccessLog accessLog(Fields global) {
    Fields l = global.map("accessLog");
    if (!l.present()) {
      return AccessLog.OFF;
    }
    AccessLog.Target target =
        l.enumeration(
            "target", byConfigName(AccessLog.Target.values(), AccessLog.Target::configName));
    if (target == null) {
      // Unwritten, or a misspelling already reported: a file next to it is then not a second error.
      target =
          l.written("target") && l.written("file") ? AccessLog.Target.FILE : AccessLog.Target.OFF;
    }
    return new AccessLog(
        target,
        l.string("file"),
        or(
            l.enumeration(
                "format", byConfigName(AccessLog.Format.values(), AccessLog.Format::configName)),
            AccessLog.OFF.format()),
        or(l.integer("buffer"), AccessLog.DEFAULT_BUFFER));
  }

  private static <E> Function<String, E> byConfigName(E[] values, Function<E, String> name) {
    return s -> {
      for (E e : values) {
        if (name.apply(e).equals(s)) {
          return e;
        }
      }
      return null;
    };
  }

  /** Unlike any value a user would write, and valid where the validator looks at it. */
  private static String placeholder(String path) {
    return "<" + path + ">";
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
