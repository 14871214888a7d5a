package io.breakwater.dataplane.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.config.PolicyReader.Values;
import io.breakwater.dataplane.config.TreeReader.Fields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the model from a parsed document, resolving inheritance from {@code defaults}.
 *
 * <p>It never stops at an error: a value that cannot be read falls back to its default, a required
 * one to a placeholder, so the rest of the document is still read and every problem reported. The
 * placeholders may upset the validator (a placeholder address is not a valid address); {@link
 * ConfigLoader} drops validator errors at or under a path the reader already reported.
 *
 * <p>Invalid values in {@code defaults} (a zero timeout, a negative maxconn) stay in the model so
 * the validator reports them once, at {@code defaults...}; what frontends, backends and servers
 * inherit is the built-in default instead, so one mistake does not echo through every section. The
 * resilience policy, inherited one level deeper, is read and checked by {@link PolicyReader}; the
 * operator interfaces of {@code global} are read by {@link InterfacesReader}.
 */
final class ModelReader {

  /** Stands in for an unreadable address; its port 0 is never valid, so it is never mistaken. */
  static final HostPort PLACEHOLDER_ADDRESS = new HostPort("0.0.0.0", 0);

  private ModelReader() {}

  /**
   * The model read from the document, or {@code null} when the document is not a map at all. A
   * {@code null} root (an empty document) reads as an empty map.
   */
  static Config read(JsonNode root, TreeReader r) {
    if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
      r.error(
          "",
          "the top level is "
              + TreeReader.describe(root)
              + " (expected: a map with keys "
              + String.join(", ", ConfigSchema.ROOT.names())
              + ")");
      return null;
    }
    Fields top = r.fields(root, "", ConfigSchema.ROOT);
    Global global = global(r, top.map("global"));
    Fields d = top.map("defaults");
    Values policy = PolicyReader.level(r, d, Values.EMPTY);
    Defaults defaults = defaults(d, PolicyReader.policy(policy));
    Defaults inherited = inheritable(defaults);
    List<Frontend> frontends = new ArrayList<>();
    for (Fields f : top.list("frontends")) {
      frontends.add(frontend(r, f, inherited));
    }
    List<Backend> backends = new ArrayList<>();
    for (Fields b : top.list("backends")) {
      backends.add(backend(r, b, inherited, policy));
    }
    return new Config(global, defaults, frontends, backends);
  }

  private static Global global(TreeReader r, Fields g) {
    Global d = Global.DEFAULT;
    return new Global(
        or(g.integer("workers"), d.workers()),
        or(g.integer("maxconn"), d.maxconn()),
        or(g.enumeration("transport", ModelReader::transport), d.transport()),
        or(g.duration("shutdownGrace"), d.shutdownGrace()),
        InterfacesReader.runtimeApi(r, g),
        InterfacesReader.stats(g),
        InterfacesReader.dataplaneApi(g),
        InterfacesReader.accessLog(g));
  }

  private static Defaults defaults(Fields d, BackendPolicy policy) {
    Defaults def = Defaults.DEFAULT;
    return new Defaults(
        timeouts(d.map("timeouts"), def.timeouts()),
        or(d.enumeration("balance", ModelReader::balance), def.balance()),
        or(d.integer("maxconn"), def.maxconn()),
        or(d.integer("maxqueue"), def.maxqueue()),
        policy,
        or(d.integer("maxBodySize"), def.maxBodySize()));
  }

  private static Frontend frontend(TreeReader r, Fields f, Defaults inherited) {
    List<Route> routes = new ArrayList<>();
    for (Fields route : f.list("routes")) {
      routes.add(route(r, route));
    }
    return new Frontend(
        requiredName(f),
        or(f.hostPort("listen"), PLACEHOLDER_ADDRESS),
        f.string("defaultBackend"),
        routes,
        timeouts(f.map("timeouts"), inherited.timeouts()),
        or(f.bool("proxyProtocol"), false),
        or(f.strings("trustedProxies"), List.of()),
        TrafficPolicyReader.requestId(f),
        TrafficPolicyReader.policy(r, f),
        tls(f.map("tls")),
        or(f.bool("http2"), false),
        or(f.integer("maxconnPerClient"), 0));
  }

  private static Tls tls(Fields t) {
    if (!t.present()) {
      return null;
    }
    List<Tls.Certificate> certs = new ArrayList<>();
    for (Fields c : t.list("certificates")) {
      certs.add(
          new Tls.Certificate(
              c.string("certFile"), c.string("cert"), c.string("keyFile"), c.string("key")));
    }
    String protocols = t.string("protocols");
    return new Tls(
        certs,
        protocols == null ? Tls.PROTOCOLS : commaList(protocols),
        commaList(t.string("ciphers")));
  }

  /** {@code "a, b,c"} as {@code [a, b, c]}; null as empty. */
  static List<String> commaList(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static Route route(TreeReader reader, Fields r) {
    return new Route(
        r.string("host"),
        or(r.string("path"), "/"),
        or(r.enumeration("pathType", PathType::fromConfigName), PathType.PREFIX),
        or(r.string("backend"), placeholder(r.pathOf("backend"))),
        PolicyReader.routeFaults(reader, r),
        TrafficPolicyReader.split(r),
        TrafficPolicyReader.policy(reader, r));
  }

  private static Backend backend(TreeReader r, Fields b, Defaults inherited, Values defaults) {
    // Backend-level maxconn is only a default for the servers and is not kept in the model, so
    // the validator never sees it: its range is checked here.
    int serverMaxconn = or(b.integerInRange("maxconn"), inherited.maxconn());
    Values policy = PolicyReader.level(r, b, defaults);
    List<Server> servers = new ArrayList<>();
    for (Fields s : b.list("servers")) {
      servers.add(server(r, s, serverMaxconn, policy));
    }
    return new Backend(
        requiredName(b),
        or(b.enumeration("balance", ModelReader::balance), inherited.balance()),
        or(b.integer("maxqueue"), inherited.maxqueue()),
        timeouts(b.map("timeouts"), inherited.timeouts()),
        PolicyReader.policy(policy),
        servers,
        backendTls(b.map("tls")),
        or(b.enumeration("protocol", ModelReader::protocol), BackendProtocol.HTTP1),
        or(b.integer("maxStreams"), Backend.DEFAULT_MAX_STREAMS),
        or(b.integer("maxBodySize"), inherited.maxBodySize()));
  }

  /** A backend's {@code tls}; {@code null} when absent or {@code enabled: false}. */
  private static BackendTls backendTls(Fields t) {
    if (!t.present() || !or(t.bool("enabled"), true)) {
      return null;
    }
    Fields c = t.map("clientCertificate");
    String protocols = t.string("protocols");
    return new BackendTls(
        t.string("caFile"),
        t.string("ca"),
        or(t.bool("verify"), true),
        t.string("sni"),
        c.present()
            ? new Tls.Certificate(
                c.string("certFile"), c.string("cert"), c.string("keyFile"), c.string("key"))
            : null,
        protocols == null ? Tls.PROTOCOLS : commaList(protocols),
        commaList(t.string("ciphers")));
  }

  static Server server(TreeReader r, Fields s, int defaultMaxconn, Values policy) {
    return new Server(
        requiredName(s),
        or(s.hostPort("address"), PLACEHOLDER_ADDRESS),
        or(s.integer("weight"), Server.DEFAULT_WEIGHT),
        or(s.integer("maxconn"), defaultMaxconn),
        or(s.enumeration("initialState", ModelReader::initialState), InitialState.UP),
        PolicyReader.serverCheck(r, s, policy));
  }

  private static Timeouts timeouts(Fields t, Timeouts base) {
    return new Timeouts(
        or(t.duration("connect"), base.connect()),
        or(t.duration("client"), base.client()),
        or(t.duration("server"), base.server()),
        or(t.duration("httpRequest"), base.httpRequest()),
        or(t.duration("httpKeepAlive"), base.httpKeepAlive()),
        or(t.duration("queue"), base.queue()),
        or(t.duration("tunnel"), base.tunnel()),
        or(t.duration("poolIdle"), base.poolIdle()));
  }

  /** The defaults with every invalid value replaced by the built-in one (see the class doc). */
  private static Defaults inheritable(Defaults d) {
    Timeouts t = d.timeouts();
    Timeouts b = Timeouts.DEFAULT;
    return new Defaults(
        new Timeouts(
            positive(t.connect(), b.connect()),
            positive(t.client(), b.client()),
            positive(t.server(), b.server()),
            positive(t.httpRequest(), b.httpRequest()),
            positive(t.httpKeepAlive(), b.httpKeepAlive()),
            positive(t.queue(), b.queue()),
            positive(t.tunnel(), b.tunnel()),
            positive(t.poolIdle(), b.poolIdle())),
        d.balance(),
        Math.max(0, d.maxconn()),
        Math.max(0, d.maxqueue()),
        d.policy(),
        Math.max(0, d.maxBodySize()));
  }

  private static String requiredName(Fields f) {
    return or(f.string("name"), placeholder(f.pathOf("name")));
  }

  /**
   * A stand-in for a missing or unreadable name: unique, and unlike any name a user would write.
   */
  private static String placeholder(String path) {
    return "<" + path + ">";
  }

  private static Balance balance(String s) {
    for (Balance b : Balance.values()) {
      if (b.configName().equals(s)) {
        return b;
      }
    }
    return null;
  }

  private static BackendProtocol protocol(String s) {
    for (BackendProtocol p : BackendProtocol.values()) {
      if (p.configName().equals(s)) {
        return p;
      }
    }
    return null;
  }

  private static InitialState initialState(String s) {
    for (InitialState i : InitialState.values()) {
      if (i.configName().equals(s)) {
        return i;
      }
    }
    return null;
  }

  private static Transport transport(String s) {
    for (Transport t : Transport.values()) {
      if (t.configName().equals(s)) {
        return t;
      }
    }
    return null;
  }

  private static Duration positive(Duration d, Duration fallback) {
    return d.isNegative() || d.isZero() ? fallback : d;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
