package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The semantic checks of a configuration, on the model: ranges, names, duplicates, references and
 * the shapes of routes. A configuration built in code (by the controller, or through the Runtime
 * API) is checked exactly like one read from a file, with the same paths and messages.
 *
 * <p>Ranges come from {@link ConfigSchema}, the table the documentation is generated from. The
 * resilience policy's checks are in {@link PolicyValidator}.
 */
public final class ConfigValidator {

  private final List<ConfigError> errors = new ArrayList<>();
  private final PolicyValidator policy = new PolicyValidator(errors);
  private final InterfacesValidator interfaces = new InterfacesValidator(errors);
  private final TrafficPolicyValidator traffic = new TrafficPolicyValidator(errors);

  private ConfigValidator() {}

  /**
   * Every problem of the configuration, in document order; empty when it is valid. Paths are those
   * of the equivalent YAML document, e.g. {@code backends[0].servers[1].weight}.
   */
  public static List<ConfigError> validate(Config config) {
    return validate(config, i -> false);
  }

  /**
   * {@link #validate(Config)}, leaving out the checks inside the backends at the indexes {@code
   * known} accepts (their names are still checked for uniqueness): for backends known to be valid,
   * equal to ones that were checked before. A backend's checks depend on nothing but the backend.
   */
  public static List<ConfigError> validate(Config config, java.util.function.IntPredicate known) {
    ConfigValidator v = new ConfigValidator();
    v.global(config.global(), config.frontends());
    v.defaults(config.defaults());
    Set<String> backendNames = new TreeSet<>();
    for (Backend b : config.backends()) {
      backendNames.add(b.name());
    }
    v.frontends(config.frontends(), backendNames);
    v.backends(config.backends(), known);
    return List.copyOf(v.errors);
  }

  private void global(Global g, List<Frontend> frontends) {
    Section s = ConfigSchema.GLOBAL;
    range("global.workers", s.key("workers"), g.workers());
    range("global.maxconn", s.key("maxconn"), g.maxconn());
    range("global.shutdownGrace", s.key("shutdownGrace"), g.shutdownGrace());
    interfaces.validate(g, frontends);
  }

  private void defaults(Defaults d) {
    Section s = ConfigSchema.DEFAULTS;
    timeouts("defaults.timeouts", ConfigSchema.DEFAULT_TIMEOUTS, d.timeouts());
    range("defaults.maxconn", s.key("maxconn"), d.maxconn());
    range("defaults.maxqueue", s.key("maxqueue"), d.maxqueue());
    range("defaults.maxBodySize", s.key("maxBodySize"), d.maxBodySize());
    policy.policy("defaults", d.policy());
  }

  private void frontends(List<Frontend> frontends, Set<String> backendNames) {
    Map<String, Integer> names = new HashMap<>();
    List<HostPort> listens = new ArrayList<>();
    for (int i = 0; i < frontends.size(); i++) {
      Frontend f = frontends.get(i);
      String p = "frontends[" + i + "]";
      name(p + ".name", f.name(), names, i, "frontends");
      String listen = p + ".listen";
      if (!listenAddress(listen, f.listen())) {
        listens.add(null);
      } else {
        listens.add(f.listen());
        for (int j = 0; j < i; j++) {
          HostPort other = listens.get(j);
          String collision =
              other != null ? collision(f.listen(), "frontends[" + j + "].listen", other) : null;
          if (collision != null) {
            error(listen, collision);
            break;
          }
        }
      }
      if (f.defaultBackend() != null) {
        reference(p + ".defaultBackend", f.defaultBackend(), backendNames);
      }
      timeouts(p + ".timeouts", ConfigSchema.FRONTEND_TIMEOUTS, f.timeouts());
      range(
          p + ".maxconnPerClient",
          ConfigSchema.FRONTEND.key("maxconnPerClient"),
          f.maxconnPerClient());
      if (f.maxconnPerClient() > 0 && f.proxyProtocol()) {
        error(
            p + ".maxconnPerClient",
            "not allowed with proxyProtocol: true, where every connection comes from the load"
                + " balancer's address (expected: limit connections per client at the load"
                + " balancer, or remove maxconnPerClient)");
      }
      traffic.frontend(p, f, backendNames);
      if (f.tls() != null) {
        tls(p + ".tls", f.tls());
      }
      routes(p, f.routes(), backendNames);
    }
  }

  /**
   * The shape of a frontend's TLS block. Whether the PEM parses and the ciphers are known is
   * checked when the dataplane builds the contexts, with the same paths.
   */
  private void tls(String p, Tls tls) {
    if (tls.certificates().isEmpty()) {
      error(p + ".certificates", "empty (expected: at least one certificate)");
    }
    for (int i = 0; i < tls.certificates().size(); i++) {
      Tls.Certificate c = tls.certificates().get(i);
      String cp = p + ".certificates[" + i + "]";
      if ((c.certFile() == null) == (c.cert() == null)) {
        error(cp, "expected exactly one of certFile and cert");
      }
      if ((c.keyFile() == null) == (c.key() == null)) {
        error(cp, "expected exactly one of keyFile and key");
      }
    }
    protocols(p + ".protocols", tls.protocols());
  }

  /**
   * The shape of a backend's TLS block: at most one CA source, a client certificate from exactly
   * one source each, a DNS name for SNI, known protocols. The PEM contents are checked when the
   * dataplane builds the context, with the same paths.
   */
  private void backendTls(String p, BackendTls tls) {
    if (tls.caFile() != null && tls.ca() != null) {
      error(p, "expected at most one of caFile and ca");
    }
    Tls.Certificate c = tls.clientCertificate();
    if (c != null) {
      String cp = p + ".clientCertificate";
      if ((c.certFile() == null) == (c.cert() == null)) {
        error(cp, "expected exactly one of certFile and cert");
      }
      if ((c.keyFile() == null) == (c.key() == null)) {
        error(cp, "expected exactly one of keyFile and key");
      }
    }
    if (tls.sni() != null
        && (!HostPort.validHostName(tls.sni())
            || isNumeric(tls.sni())
            || tls.sni().contains(":"))) {
      error(
          p + ".sni",
          Texts.quote(tls.sni())
              + " is not a valid server name (expected: a DNS name; SNI cannot carry an IP"
              + " address or a port)");
    }
    protocols(p + ".protocols", tls.protocols());
  }

  private void protocols(String path, List<String> protocols) {
    if (protocols.isEmpty()) {
      error(path, "empty (expected: one or more of " + Tls.PROTOCOLS + ")");
    }
    for (String proto : protocols) {
      if (!Tls.PROTOCOLS.contains(proto)) {
        String hint = Texts.closest(proto, Tls.PROTOCOLS);
        error(
            path,
            "\""
                + proto
                + "\""
                + (hint != null ? ", did you mean " + hint + "?" : "")
                + " (expected: one or more of "
                + String.join(", ", Tls.PROTOCOLS)
                + ")");
      }
    }
  }

  private void routes(String frontendPath, List<Route> routes, Set<String> backendNames) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      String p = frontendPath + ".routes[" + i + "]";
      boolean hostOk = r.host() == null || host(p + ".host", r.host());
      boolean pathOk = path(p + ".path", r.path());
      reference(p + ".backend", r.backend(), backendNames);
      if (r.faults() != null) {
        policy.faults(p + ".faults", r.faults());
      }
      traffic.route(p, r, backendNames);
      if (hostOk && pathOk) {
        Integer first = seen.putIfAbsent(matchKey(r), i);
        if (first != null) {
          // Not "same host, path and pathType": /a and /a/ Prefix, or Prefix and
          // ImplementationSpecific, also collide, and the docs explain why.
          error(p, "matches the same requests as " + frontendPath + ".routes[" + first + "]");
        }
      }
    }
  }

  /**
   * The problems of one backend at {@code backends[index]}, with the paths {@link #validate} would
   * give: for a change to a running backend that keeps its name, so that the rest of the config,
   * already valid, need not be checked again. Nothing else in a config can be made invalid by such
   * a change: other sections refer to a backend by its name only.
   */
  public static List<ConfigError> validateBackend(Backend backend, int index) {
    ConfigValidator v = new ConfigValidator();
    String p = "backends[" + index + "]";
    v.name(p + ".name", backend.name(), new HashMap<>(), index, "backends");
    v.backend(p, backend);
    return List.copyOf(v.errors);
  }

  private void backends(List<Backend> backends, java.util.function.IntPredicate known) {
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < backends.size(); i++) {
      Backend b = backends.get(i);
      String p = "backends[" + i + "]";
      name(p + ".name", b.name(), names, i, "backends");
      if (!known.test(i)) {
        backend(p, b);
      }
    }
  }

  private void backend(String p, Backend b) {
    range(p + ".maxqueue", ConfigSchema.BACKEND.key("maxqueue"), b.maxqueue());
    range(p + ".maxStreams", ConfigSchema.BACKEND.key("maxStreams"), b.maxStreams());
    range(p + ".maxBodySize", ConfigSchema.BACKEND.key("maxBodySize"), b.maxBodySize());
    if (b.protocol() == BackendProtocol.H2 && b.tls() == null) {
      error(
          p + ".protocol",
          "h2 is HTTP/2 over TLS and needs a tls block (expected: h2c for" + " cleartext HTTP/2)");
    } else if (b.protocol() == BackendProtocol.H2C && b.tls() != null) {
      error(p + ".protocol", "h2c is cleartext HTTP/2 but the backend has tls (expected: h2)");
    }
    timeouts(p + ".timeouts", ConfigSchema.BACKEND_TIMEOUTS, b.timeouts());
    policy.policy(p, b.policy());
    if (b.tls() != null) {
      backendTls(p + ".tls", b.tls());
    }
    Map<String, Integer> serverNames = new HashMap<>();
    for (int j = 0; j < b.servers().size(); j++) {
      Server s = b.servers().get(j);
      String sp = p + ".servers[" + j + "]";
      name(sp + ".name", s.name(), serverNames, j, p + ".servers");
      address(sp + ".address", s.address());
      range(sp + ".weight", ConfigSchema.SERVER.key("weight"), s.weight());
      range(sp + ".maxconn", ConfigSchema.SERVER.key("maxconn"), s.maxconn());
      // A server's check is usually its backend's, whose problems are reported there.
      if (s.healthCheck() != null && !s.healthCheck().equals(b.policy().healthCheck())) {
        policy.healthCheck(sp + ".healthCheck", s.healthCheck());
      }
    }
  }

  private void timeouts(String path, Section section, Timeouts t) {
    range(path + ".connect", section.key("connect"), t.connect());
    range(path + ".client", section.key("client"), t.client());
    range(path + ".server", section.key("server"), t.server());
    range(path + ".httpRequest", section.key("httpRequest"), t.httpRequest());
    range(path + ".httpKeepAlive", section.key("httpKeepAlive"), t.httpKeepAlive());
    range(path + ".queue", section.key("queue"), t.queue());
    range(path + ".tunnel", section.key("tunnel"), t.tunnel());
    range(path + ".poolIdle", section.key("poolIdle"), t.poolIdle());
  }

  private void range(String path, Key key, long value) {
    String problem = key.problem(value);
    if (problem != null) {
      error(path, problem);
    }
  }

  private void range(String path, Key key, Duration value) {
    String problem = key.problem(value);
    if (problem != null) {
      error(path, problem);
    }
  }

  /**
   * Names are non-empty and free of spaces (they are arguments of Runtime API commands) and unique
   * in their list; {@code seen} maps the names so far to their index.
   */
  private void name(String path, String name, Map<String, Integer> seen, int index, String list) {
    if (name.isEmpty() || Texts.hasSpaceOrControl(name)) {
      error(path, Texts.quote(name) + " (expected: a non-empty name without spaces)");
      return;
    }
    Integer first = seen.putIfAbsent(name, index);
    if (first != null) {
      error(path, Texts.quote(name) + " is already the name of " + list + "[" + first + "]");
    }
  }

  /**
   * A listen address is a server address, except that a config built in code may ask for port 0
   * (any free port, reported by the running dataplane); config files cannot spell it.
   */
  private boolean listenAddress(String path, HostPort address) {
    String problem = listenProblem(address);
    if (problem != null) {
      error(path, problem);
      return false;
    }
    return true;
  }

  /** What is wrong with a listen address, or {@code null}; see {@link #listenAddress}. */
  static String listenProblem(HostPort address) {
    HostPort checked = address.port() == 0 ? new HostPort(address.host(), 1) : address;
    return HostPort.problem(checked.format());
  }

  /**
   * Why {@code address} cannot be listened on while {@code otherPath} listens on {@code other}, as
   * {@code "1.2.3.4:80" is already used by frontends[0].listen "1.2.3.4:80"}; {@code null} when
   * both can.
   */
  static String collision(HostPort address, String otherPath, HostPort other) {
    if (!overlap(address, other)) {
      return null;
    }
    return Texts.quote(address.format())
        + (other.equals(address) ? " is already used by " : " overlaps ")
        + otherPath
        + " "
        + Texts.quote(other.format());
  }

  private boolean address(String path, HostPort address) {
    String problem = HostPort.problem(address.format());
    if (problem != null) {
      error(path, problem);
      return false;
    }
    return true;
  }

  private void reference(String path, String backend, Set<String> backendNames) {
    reference(this::error, path, backend, backendNames);
  }

  /** Reports a backend name that is not defined; true when it is. */
  static boolean reference(
      java.util.function.BiConsumer<String, String> error,
      String path,
      String backend,
      Set<String> backendNames) {
    if (!backendNames.contains(backend)) {
      String hint = Texts.closest(backend, backendNames);
      error.accept(
          path,
          Texts.quote(backend)
              + " is not a defined backend"
              + (hint != null ? ", did you mean " + Texts.quote(hint) + "?" : ""));
      return false;
    }
    return true;
  }

  /** Exact host, or {@code *.} and a DNS name; never a port or another {@code *}. */
  private boolean host(String path, String host) {
    boolean wildcard = host.startsWith("*.");
    String name = wildcard ? host.substring(2) : host;
    boolean ok =
        name.indexOf('*') < 0 && HostPort.validHostName(name) && !(wildcard && isNumeric(name));
    if (!ok) {
      String why =
          host.indexOf(':') >= 0
              ? "; a route host has no port"
              : host.isEmpty() ? "; omit host to match any host" : "";
      error(
          path,
          Texts.quote(host)
              + " is not a valid host (expected: a DNS name, or \"*.\" followed by one"
              + why
              + ")");
    }
    return ok;
  }

  private boolean path(String path, String value) {
    String problem = null;
    if (!value.startsWith("/")) {
      problem = "a path starting with \"/\"";
    } else if (value.indexOf('?') >= 0 || value.indexOf('#') >= 0) {
      problem = "a path without \"?\" or \"#\"; the query string is not matched";
    } else if (Texts.hasSpaceOrControl(value)) {
      problem = "a path without spaces";
    }
    if (problem != null) {
      error(path, Texts.quote(value) + " (expected: " + problem + ")");
      return false;
    }
    return true;
  }

  /**
   * What decides which requests a route matches: host case-insensitively, and the path with a
   * Prefix rule's trailing slash removed (it does not change the match). ImplementationSpecific
   * matches like Prefix, so the two count as the same.
   */
  private static String matchKey(Route r) {
    String host = r.host() == null ? "" : r.host().toLowerCase(Locale.ROOT);
    boolean prefix = r.pathType() != PathType.EXACT;
    String path = r.path();
    if (prefix) {
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
    }
    return host + " " + (prefix ? "Prefix" : "Exact") + " " + path;
  }

  /**
   * Two listen addresses collide when they are equal, or share a port and one is a wildcard that
   * covers the other: {@code 0.0.0.0} takes the port on every IPv4 address, {@code [::]} (dual
   * stack, the Linux default) on every address. Port 0, which a config built in code may use, asks
   * for a free port and so collides with nothing.
   */
  private static boolean overlap(HostPort a, HostPort b) {
    if (a.port() != b.port() || a.port() == 0) {
      return false;
    }
    return a.host().equalsIgnoreCase(b.host())
        || covers(a.host(), b.host())
        || covers(b.host(), a.host());
  }

  private static boolean covers(String wildcard, String other) {
    return switch (wildcard) {
      case "::", "0:0:0:0:0:0:0:0" -> true;
      case "0.0.0.0" -> other.indexOf(':') < 0;
      default -> false;
    };
  }

  private static boolean isNumeric(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }
}
