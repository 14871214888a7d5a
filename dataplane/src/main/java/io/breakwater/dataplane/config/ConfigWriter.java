package io.breakwater.dataplane.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Writes a {@link Config} back as a document in the config file's own schema, with effective
 * values: every frontend and backend carries all its timeouts and its whole resilience policy, so
 * what is shown is what runs. {@link ConfigLoader#parse} reads the result back into an equal
 * config; this is what {@code show config} prints and what a writer edits and sends back with
 * {@code set config}.
 *
 * <p>Three things keep the output readable and the round trip exact:
 *
 * <ul>
 *   <li>A server's health check is written only where it differs from its backend's; otherwise the
 *       server inherits it, as it did when read.
 *   <li>A policy section a backend turns off while {@code defaults} has it on is written {@code
 *       {enabled: false}}; a server without a check in a checked backend likewise.
 *   <li>Absent optional values ({@code host}, {@code expectBody}, {@code perTryTimeout}, {@code
 *       slowCallDuration}, {@code slowstart}) are left out.
 * </ul>
 *
 * <p>The file cannot say "none" for an optional value that {@code defaults} sets: a config built in
 * code whose backend has no {@code slowstart} while {@code defaults} has one (or likewise a missing
 * {@code perTryTimeout}, check {@code host} or {@code expectBody}) reads back with the inherited
 * value. Configs read from a file never have this shape. The operator-interface settings of {@link
 * Global} ({@code runtimeApi}, {@code stats}, {@code dataplaneApi}, {@code accessLog}) are not keys
 * of the file yet and are not written.
 */
public final class ConfigWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConfigWriter() {}

  /** The config as pretty-printed JSON, without blank lines. */
  public static String toJson(Config config) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  /** The config as a Jackson tree in the file's schema. */
  public static ObjectNode toTree(Config config) {
    ObjectNode root = NODES.objectNode();
    root.set("global", global(config.global()));
    root.set("defaults", defaults(config.defaults()));
    ArrayNode frontends = root.putArray("frontends");
    for (Frontend f : config.frontends()) {
      frontends.add(frontend(f));
    }
    ArrayNode backends = root.putArray("backends");
    for (Backend b : config.backends()) {
      backends.add(backend(b, config.defaults().policy()));
    }
    return root;
  }

  /**
   * One server as written in a backend's {@code servers} list, its check left out when it is the
   * backend's ({@code backendCheck}, may be null).
   */
  public static ObjectNode server(Server s, HealthCheck backendCheck) {
    ObjectNode n = NODES.objectNode();
    n.put("name", s.name());
    n.put("address", s.address().format());
    n.put("weight", s.weight());
    n.put("maxconn", s.maxconn());
    n.put("initialState", s.initialState().configName());
    if (s.healthCheck() == null) {
      if (backendCheck != null) {
        n.set("healthCheck", off());
      }
    } else if (!s.healthCheck().equals(backendCheck)) {
      n.set("healthCheck", healthCheck(s.healthCheck()));
    }
    return n;
  }

  private static ObjectNode global(Global g) {
    ObjectNode n = NODES.objectNode();
    n.put("workers", g.workers());
    n.put("maxconn", g.maxconn());
    n.put("transport", g.transport().configName());
    n.put("shutdownGrace", Durations.format(g.shutdownGrace()));
    if (!g.runtimeApi().isEmpty()) {
      ArrayNode listeners = n.putArray("runtimeApi");
      for (RuntimeApiListener l : g.runtimeApi()) {
        ObjectNode e = listeners.addObject();
        if (l.unix() != null) {
          e.put("unix", l.unix());
          e.put("mode", ConfigSchema.formatFileMode(l.mode()));
          if (l.owner() != null) {
            e.put("owner", l.owner());
          }
        }
        if (l.tcp() != null) {
          e.put("tcp", l.tcp().format());
          if (l.allowRemote()) {
            e.put("allowRemote", true);
          }
        }
        e.put("level", l.level().configName());
      }
    }
    if (g.stats() != null) {
      ObjectNode st = n.putObject("stats");
      st.put("listen", g.stats().listen().format());
      st.put("refresh", Durations.format(g.stats().refresh()));
      if (g.stats().user() != null) {
        ObjectNode auth = st.putObject("auth");
        auth.put("user", g.stats().user());
        auth.put("password", g.stats().password());
      }
      st.put("admin", g.stats().admin());
    }
    if (g.dataplaneApi() != null) {
      ObjectNode api = n.putObject("dataplaneApi");
      api.put("listen", g.dataplaneApi().listen().format());
      if (g.dataplaneApi().tokenFile() != null) {
        api.put("tokenFile", g.dataplaneApi().tokenFile());
      }
    }
    AccessLog log = g.accessLog();
    if (log.target() != AccessLog.Target.OFF) {
      ObjectNode al = n.putObject("accessLog");
      al.put("target", log.target().configName());
      if (log.file() != null) {
        al.put("file", log.file());
      }
      al.put("format", log.format().configName());
      al.put("buffer", log.buffer());
    }
    return n;
  }

  private static ObjectNode defaults(Defaults d) {
    ObjectNode n = NODES.objectNode();
    n.set("timeouts", timeouts(d.timeouts()));
    n.put("balance", d.balance().configName());
    n.put("maxconn", d.maxconn());
    n.put("maxqueue", d.maxqueue());
    if (d.maxBodySize() != 0) {
      n.put("maxBodySize", d.maxBodySize());
    }
    policy(n, d.policy(), null);
    return n;
  }

  private static ObjectNode frontend(Frontend f) {
    ObjectNode n = NODES.objectNode();
    n.put("name", f.name());
    n.put("listen", f.listen().format());
    if (f.defaultBackend() != null) {
      n.put("defaultBackend", f.defaultBackend());
    }
    n.set("timeouts", timeouts(f.timeouts()));
    n.put("proxyProtocol", f.proxyProtocol());
    if (f.maxconnPerClient() != 0) {
      n.put("maxconnPerClient", f.maxconnPerClient());
    }
    n.set("trustedProxies", strings(f.trustedProxies()));
    ObjectNode id = n.putObject("requestId");
    id.put("generate", f.requestId().generate());
    id.put("header", f.requestId().header());
    if (!f.policy().isEmpty()) {
      n.set("policy", policy(f.policy()));
    }
    if (f.tls() != null) {
      n.set("tls", tls(f.tls()));
    }
    if (f.http2()) {
      n.put("http2", true);
    }
    ArrayNode routes = n.putArray("routes");
    for (Route r : f.routes()) {
      ObjectNode route = routes.addObject();
      if (r.host() != null) {
        route.put("host", r.host());
      }
      route.put("path", r.path());
      route.put("pathType", r.pathType().configName());
      route.put("backend", r.backend());
      if (r.faults() != null) {
        route.set("faults", faults(r.faults()));
      }
      if (!r.split().isEmpty()) {
        route.set("split", split(r.split()));
      }
      if (!r.policy().isEmpty()) {
        route.set("policy", policy(r.policy()));
      }
    }
    return n;
  }

  /** A route's {@code split} as written in the file. */
  public static ArrayNode split(List<SplitBackend> split) {
    ArrayNode a = NODES.arrayNode();
    for (SplitBackend b : split) {
      ObjectNode e = a.addObject();
      e.put("backend", b.backend());
      e.put("weight", b.weight());
      if (b.header() != null) {
        e.set("header", match(b.header()));
      }
      if (b.cookie() != null) {
        e.set("cookie", match(b.cookie()));
      }
    }
    return a;
  }

  private static ObjectNode match(SplitBackend.Match m) {
    ObjectNode n = NODES.objectNode();
    n.put("name", m.name());
    n.put("value", m.value());
    return n;
  }

  /** A frontend's or route's {@code policy} as written in the file: the keys the model holds. */
  public static ObjectNode policy(TrafficPolicy p) {
    ObjectNode n = NODES.objectNode();
    if (p.requestHeaders() != null) {
      n.set("requestHeaders", headers(p.requestHeaders()));
    }
    if (p.responseHeaders() != null) {
      n.set("responseHeaders", headers(p.responseHeaders()));
    }
    TrafficPolicy.Rewrite rw = p.rewrite();
    if (rw != null) {
      ObjectNode r = n.putObject("rewrite");
      r.put("enabled", rw.enabled());
      putIf(r, "prefix", rw.prefix());
      putIf(r, "regex", rw.regex());
      putIf(r, "replacement", rw.replacement());
      putIf(r, "host", rw.host());
    }
    TrafficPolicy.Redirect rd = p.redirect();
    if (rd != null) {
      ObjectNode r = n.putObject("redirect");
      r.put("enabled", rd.enabled());
      putIf(r, "scheme", rd.scheme());
      putIf(r, "host", rd.host());
      if (rd.port() != null) {
        r.put("port", rd.port());
      }
      putIf(r, "path", rd.path());
      r.put("status", rd.status());
    }
    if (p.sslRedirect() != null) {
      n.put("sslRedirect", p.sslRedirect());
    }
    TrafficPolicy.Hsts h = p.hsts();
    if (h != null) {
      ObjectNode r = n.putObject("hsts");
      r.put("enabled", h.enabled());
      r.put("maxAge", Durations.format(h.maxAge()));
      r.put("includeSubDomains", h.includeSubDomains());
      r.put("preload", h.preload());
    }
    if (p.allowList() != null) {
      n.set("allowList", strings(p.allowList()));
    }
    if (p.denyList() != null) {
      n.set("denyList", strings(p.denyList()));
    }
    TrafficPolicy.RateLimit l = p.rateLimit();
    if (l != null) {
      ObjectNode r = n.putObject("rateLimit");
      r.put("enabled", l.enabled());
      if (l.rate() > 0 || l.enabled()) {
        r.put("rate", l.rate());
      }
      r.put("period", Durations.format(l.period()));
      r.put("burst", l.burst());
      putIf(r, "header", l.header());
      r.put("status", l.status());
    }
    TrafficPolicy.Cors c = p.cors();
    if (c != null) {
      ObjectNode r = n.putObject("cors");
      r.put("enabled", c.enabled());
      r.set("allowOrigins", strings(c.allowOrigins()));
      r.set("allowMethods", strings(c.allowMethods()));
      r.set("allowHeaders", strings(c.allowHeaders()));
      r.set("exposeHeaders", strings(c.exposeHeaders()));
      r.put("allowCredentials", c.allowCredentials());
      if (c.maxAge() != null) {
        r.put("maxAge", Durations.format(c.maxAge()));
      }
    }
    TrafficPolicy.Mirror m = p.mirror();
    if (m != null) {
      ObjectNode r = n.putObject("mirror");
      r.put("enabled", m.enabled());
      if (!m.backend().isEmpty() || m.enabled()) {
        r.put("backend", m.backend());
      }
      r.put("percent", m.percent());
      r.put("bodyLimit", m.bodyLimit());
    }
    if (p.maxBodySize() != null) {
      n.put("maxBodySize", p.maxBodySize());
    }
    if (p.clientTimeout() != null) {
      n.put("clientTimeout", Durations.format(p.clientTimeout()));
    }
    return n;
  }

  /** Inline PEM is written as is, so that {@code show config} feeds {@code set config}. */
  private static ObjectNode tls(Tls t) {
    ObjectNode n = NODES.objectNode();
    ArrayNode certs = n.putArray("certificates");
    for (Tls.Certificate c : t.certificates()) {
      ObjectNode cn = certs.addObject();
      putIf(cn, "certFile", c.certFile());
      putIf(cn, "cert", c.cert());
      putIf(cn, "keyFile", c.keyFile());
      putIf(cn, "key", c.key());
    }
    n.put("protocols", String.join(",", t.protocols()));
    if (!t.ciphers().isEmpty()) {
      n.put("ciphers", String.join(",", t.ciphers()));
    }
    return n;
  }

  private static ObjectNode headers(TrafficPolicy.HeaderRules h) {
    ObjectNode n = NODES.objectNode();
    n.set("set", headerList(h.set()));
    n.set("add", headerList(h.add()));
    n.set("remove", strings(h.remove()));
    return n;
  }

  private static ArrayNode headerList(List<TrafficPolicy.Header> list) {
    ArrayNode a = NODES.arrayNode();
    for (TrafficPolicy.Header h : list) {
      ObjectNode e = a.addObject();
      e.put("name", h.name());
      e.put("value", h.value());
    }
    return a;
  }

  private static ArrayNode strings(List<String> list) {
    ArrayNode a = NODES.arrayNode();
    list.forEach(a::add);
    return a;
  }

  private static void putIf(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  private static ObjectNode backend(Backend b, BackendPolicy inherited) {
    ObjectNode n = NODES.objectNode();
    n.put("name", b.name());
    n.put("balance", b.balance().configName());
    n.put("maxqueue", b.maxqueue());
    if (b.protocol() != BackendProtocol.HTTP1) {
      n.put("protocol", b.protocol().configName());
    }
    if (b.maxStreams() != Backend.DEFAULT_MAX_STREAMS) {
      n.put("maxStreams", b.maxStreams());
    }
    if (b.maxBodySize() != 0) {
      n.put("maxBodySize", b.maxBodySize());
    }
    n.set("timeouts", timeouts(b.timeouts()));
    policy(n, b.policy(), inherited);
    if (b.tls() != null) {
      n.set("tls", backendTls(b.tls()));
    }
    ArrayNode servers = n.putArray("servers");
    for (Server s : b.servers()) {
      servers.add(server(s, b.policy().healthCheck()));
    }
    return n;
  }

  /** A backend's {@code tls} block as the config file writes it. */
  public static ObjectNode backendTls(BackendTls t) {
    ObjectNode n = NODES.objectNode();
    putIf(n, "caFile", t.caFile());
    putIf(n, "ca", t.ca());
    n.put("verify", t.verify());
    putIf(n, "sni", t.sni());
    Tls.Certificate c = t.clientCertificate();
    if (c != null) {
      ObjectNode cn = n.putObject("clientCertificate");
      putIf(cn, "certFile", c.certFile());
      putIf(cn, "cert", c.cert());
      putIf(cn, "keyFile", c.keyFile());
      putIf(cn, "key", c.key());
    }
    n.put("protocols", String.join(",", t.protocols()));
    if (!t.ciphers().isEmpty()) {
      n.put("ciphers", String.join(",", t.ciphers()));
    }
    return n;
  }

  private static ObjectNode timeouts(Timeouts t) {
    ObjectNode n = NODES.objectNode();
    n.put("connect", Durations.format(t.connect()));
    n.put("client", Durations.format(t.client()));
    n.put("server", Durations.format(t.server()));
    n.put("httpRequest", Durations.format(t.httpRequest()));
    n.put("httpKeepAlive", Durations.format(t.httpKeepAlive()));
    n.put("queue", Durations.format(t.queue()));
    n.put("tunnel", Durations.format(t.tunnel()));
    n.put("poolIdle", Durations.format(t.poolIdle()));
    return n;
  }

  /** The policy keys of {@code defaults} ({@code inherited} null) or of a backend. */
  private static void policy(ObjectNode n, BackendPolicy p, BackendPolicy inherited) {
    section(
        n,
        "healthCheck",
        p.healthCheck(),
        inherited == null ? null : inherited.healthCheck(),
        ConfigWriter::healthCheck);
    section(
        n,
        "observe",
        p.observe(),
        inherited == null ? null : inherited.observe(),
        ConfigWriter::observe);
    n.set("retries", retries(p.retries()));
    section(
        n,
        "circuitBreaker",
        p.circuitBreaker(),
        inherited == null ? null : inherited.circuitBreaker(),
        b -> breaker(b, false));
    section(
        n,
        "outlierDetection",
        p.outlierDetection(),
        inherited == null ? null : inherited.outlierDetection(),
        b -> breaker(b, true));
    n.set("limits", limits(p.limits()));
    if (p.slowstart() != null) {
      n.put("slowstart", Durations.format(p.slowstart()));
    }
    section(
        n,
        "faults",
        p.faults(),
        inherited == null ? null : inherited.faults(),
        ConfigWriter::faults);
  }

  /**
   * A section that is on when written: its keys, or {@code enabled: false} over an inherited one.
   */
  private static <T> void section(
      ObjectNode n, String name, T value, T inherited, Function<T, ObjectNode> write) {
    if (value != null) {
      n.set(name, write.apply(value));
    } else if (inherited != null) {
      n.set(name, off());
    }
  }

  private static ObjectNode off() {
    ObjectNode n = NODES.objectNode();
    n.put("enabled", false);
    return n;
  }

  static ObjectNode healthCheck(HealthCheck c) {
    ObjectNode n = NODES.objectNode();
    n.put("type", c.type().configName());
    n.put("method", c.method());
    n.put("path", c.path());
    if (c.host() != null) {
      n.put("host", c.host());
    }
    n.set("expectStatus", statuses(c.expectStatus()));
    if (c.expectBody() != null) {
      n.put("expectBody", c.expectBody());
    }
    n.put("interval", Durations.format(c.interval()));
    n.put("fastinter", Durations.format(c.fastinter()));
    n.put("downinter", Durations.format(c.downinter()));
    n.put("timeout", Durations.format(c.timeout()));
    n.put("rise", c.rise());
    n.put("fall", c.fall());
    n.put("port", c.port());
    if (!c.tls()) {
      n.put("tls", false); // written only when off, so configs without backend TLS look the same
    }
    return n;
  }

  private static ObjectNode observe(Observe o) {
    ObjectNode n = NODES.objectNode();
    n.put("errorLimit", o.errorLimit());
    n.put("onError", o.onError().configName());
    n.set("errorStatuses", statuses(o.errorStatuses()));
    return n;
  }

  private static ObjectNode retries(Retries r) {
    ObjectNode n = NODES.objectNode();
    n.put("attempts", r.attempts());
    ArrayNode on = n.putArray("retryOn");
    for (Retries.On o : Retries.On.values()) {
      if (r.on().contains(o)) {
        on.add(o.configName());
      }
    }
    for (int status : new TreeSet<>(r.statuses())) {
      on.add(status);
    }
    if (on.isEmpty()) {
      on.add(ConfigSchema.RETRY_ON_NONE);
    }
    n.put("redispatch", r.redispatch());
    if (r.perTryTimeout() != null) {
      n.put("perTryTimeout", Durations.format(r.perTryTimeout()));
    }
    ObjectNode backoff = n.putObject("backoff");
    backoff.put("base", Durations.format(r.backoff().base()));
    backoff.put("max", Durations.format(r.backoff().max()));
    backoff.put("jitter", r.backoff().jitter());
    n.put("bufferLimit", r.bufferLimit());
    n.put("retryNonIdempotent", r.retryNonIdempotent());
    ObjectNode budget = n.putObject("budget");
    budget.put("ratio", r.budget().ratio());
    budget.put("minPerSecond", r.budget().minPerSecond());
    budget.put("window", Durations.format(r.budget().window()));
    return n;
  }

  private static ObjectNode breaker(Breaker b, boolean outlier) {
    ObjectNode n = NODES.objectNode();
    n.put("windowType", b.windowType().configName());
    n.put("window", Durations.format(b.window()));
    n.put("windowSize", b.windowSize());
    n.put("failureRateThreshold", b.failureRateThreshold());
    n.put("minimumRequests", b.minimumRequests());
    n.put("consecutiveFailures", b.consecutiveFailures());
    n.put("slowCallRateThreshold", b.slowCallRateThreshold());
    if (b.slowCallDuration() != null) {
      n.put("slowCallDuration", Durations.format(b.slowCallDuration()));
    }
    n.put("openDuration", Durations.format(b.openDuration()));
    n.put("maxOpenDuration", Durations.format(b.maxOpenDuration()));
    n.put("halfOpenRequests", b.halfOpenRequests());
    if (outlier) {
      n.put("maxEjectionPercent", b.maxEjectionPercent());
    }
    return n;
  }

  private static ObjectNode limits(Limits l) {
    ObjectNode n = NODES.objectNode();
    n.put("maxConnections", l.maxConnections());
    n.put("maxPendingRequests", l.maxPendingRequests());
    n.put("maxRequests", l.maxRequests());
    n.put("maxRetries", l.maxRetries());
    return n;
  }

  /** Faults; without a delay or an abort they turn inherited ones off. */
  private static ObjectNode faults(Faults f) {
    if (f.delay() == null && f.abort() == null) {
      return off();
    }
    ObjectNode n = NODES.objectNode();
    if (f.delay() != null) {
      ObjectNode d = n.putObject("delay");
      d.put("percent", f.delay().percent());
      d.put("duration", Durations.format(f.delay().duration()));
    }
    if (f.abort() != null) {
      ObjectNode a = n.putObject("abort");
      a.put("percent", f.abort().percent());
      a.put("status", f.abort().status());
    }
    return n;
  }

  /** Single codes as numbers, ranges as {@code "200-299"}. */
  private static ArrayNode statuses(List<StatusRange> ranges) {
    ArrayNode a = NODES.arrayNode();
    for (StatusRange r : ranges) {
      if (r.from() == r.to()) {
        a.add(r.from());
      } else {
        a.add(r.toString());
      }
    }
    return a;
  }
}
