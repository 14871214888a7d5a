package io.breakwater.controller.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Renders a {@link Translation} as YAML, for people (the {@code translate} command, golden files)
 * and for the dataplane's loader. The document has these keys, always in this order:
 *
 * <ul>
 *   <li>{@code defaultBackend} (when there is one) and {@code routes}: a frontend's keys, as in the
 *       config file;
 *   <li>{@code backends}: as in the config file's {@code backends}, each key written only where it
 *       differs from the defaults the translation was made with, so that the config loader, given
 *       those defaults, reads back exactly the translated backends (servers and routes one per
 *       line);
 *   <li>{@code certificates}: Secret, hosts and the certificate's names (never the PEM);
 *   <li>{@code defaultCertificate} (when there is one): the same;
 *   <li>{@code ingresses}: the Ingresses served, {@code namespace/name};
 *   <li>{@code policies}: {@code Kind namespace/name} → its Accepted condition and backends;
 *   <li>{@code backendsWithErrors};
 *   <li>{@code problems}: one line each, {@code Severity Kind namespace/name: field: message}.
 * </ul>
 */
public final class TranslationWriter {

  private TranslationWriter() {}

  /** The YAML document; {@code defaults} are those given to the translator. */
  public static String yaml(Translation t, Defaults defaults) {
    StringBuilder sb = new StringBuilder();
    if (t.defaultBackend() != null) {
      sb.append("defaultBackend: ").append(Yaml.scalar(t.defaultBackend())).append('\n');
    }
    list(sb, "routes", t.routes().stream().map(r -> Yaml.flow(route(r))).toList());
    sb.append(t.backends().isEmpty() ? "backends: []\n" : "backends:\n");
    for (Backend b : t.backends()) {
      backend(sb, b, defaults);
    }
    list(
        sb, "certificates", t.certificates().stream().map(c -> Yaml.flow(certificate(c))).toList());
    if (t.defaultCertificate() != null) {
      sb.append("defaultCertificate: ").append(Yaml.flow(certificate(t.defaultCertificate())));
      sb.append('\n');
    }
    list(
        sb, "ingresses", t.ingresses().stream().map(i -> Yaml.scalar(i.namespacedName())).toList());
    if (t.policies().isEmpty()) {
      sb.append("policies: {}\n");
    } else {
      sb.append("policies:\n");
      t.policies()
          .forEach(
              (ref, p) ->
                  sb.append("  ")
                      .append(Yaml.scalar(ref.toString()))
                      .append(": ")
                      .append(Yaml.flow(policy(p)))
                      .append('\n'));
    }
    list(sb, "backendsWithErrors", t.backendsWithErrors().stream().map(Yaml::scalar).toList());
    list(sb, "problems", t.problems().stream().map(p -> Yaml.scalar(p.toString())).toList());
    return sb.toString();
  }

  private static void list(StringBuilder sb, String key, List<String> items) {
    if (items.isEmpty()) {
      sb.append(key).append(": []\n");
      return;
    }
    sb.append(key).append(":\n");
    items.forEach(i -> sb.append("  - ").append(i).append('\n'));
  }

  private static Map<String, Object> route(Route r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.host() != null) {
      m.put("host", r.host());
    }
    m.put("path", r.path());
    m.put("pathType", r.pathType().configName());
    m.put("backend", r.backend());
    if (r.faults() != null) {
      m.put("faults", faults(r.faults()));
    }
    if (!r.split().isEmpty()) {
      m.put("split", plain(ConfigWriter.split(r.split())));
    }
    if (!r.policy().isEmpty()) {
      m.put("policy", plain(ConfigWriter.policy(r.policy())));
    }
    return m;
  }

  /** A JSON tree as maps, lists and scalars, for {@link Yaml#flow}. */
  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(plain(e)));
      return l;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return n.asText();
  }

  private static void backend(StringBuilder sb, Backend b, Defaults d) {
    sb.append("  - name: ").append(Yaml.scalar(b.name())).append('\n');
    Map<String, Object> keys = new LinkedHashMap<>();
    if (b.balance() != d.balance()) {
      keys.put("balance", b.balance().configName());
    }
    if (b.maxqueue() != d.maxqueue()) {
      keys.put("maxqueue", b.maxqueue());
    }
    putIfAny(keys, "timeouts", timeouts(b.timeouts(), d.timeouts()));
    policy(keys, b.policy(), d.policy());
    if (b.protocol() != BackendProtocol.HTTP1) {
      keys.put("protocol", b.protocol().configName());
    }
    if (b.maxStreams() != Backend.DEFAULT_MAX_STREAMS) {
      keys.put("maxStreams", b.maxStreams());
    }
    if (b.maxBodySize() != d.maxBodySize()) {
      keys.put("maxBodySize", b.maxBodySize());
    }
    if (b.tls() != null) {
      keys.put("tls", plain(ConfigWriter.backendTls(b.tls())));
    }
    keys.forEach(
        (k, v) -> sb.append("    ").append(k).append(": ").append(Yaml.flow(v)).append('\n'));
    sb.append(b.servers().isEmpty() ? "    servers: []\n" : "    servers:\n");
    for (Server s : b.servers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("address", s.address().format());
      if (s.weight() != Server.DEFAULT_WEIGHT) {
        m.put("weight", s.weight());
      }
      if (s.maxconn() != d.maxconn()) {
        m.put("maxconn", s.maxconn());
      }
      if (s.initialState() != InitialState.UP) {
        m.put("initialState", s.initialState().configName());
      }
      if (!Objects.equals(s.healthCheck(), b.policy().healthCheck())) {
        throw new IllegalArgumentException(
            "server " + s.name() + " of " + b.name() + " has a health check of its own");
      }
      sb.append("      - ").append(Yaml.flow(m)).append('\n');
    }
  }

  private static Map<String, Object> timeouts(Timeouts t, Timeouts d) {
    Map<String, Object> m = new LinkedHashMap<>();
    diff(m, "connect", t.connect(), d.connect());
    diff(m, "client", t.client(), d.client());
    diff(m, "server", t.server(), d.server());
    diff(m, "httpRequest", t.httpRequest(), d.httpRequest());
    diff(m, "httpKeepAlive", t.httpKeepAlive(), d.httpKeepAlive());
    diff(m, "queue", t.queue(), d.queue());
    diff(m, "tunnel", t.tunnel(), d.tunnel());
    diff(m, "poolIdle", t.poolIdle(), d.poolIdle());
    return m;
  }

  private static void policy(Map<String, Object> out, BackendPolicy p, BackendPolicy d) {
    toggled(
        out,
        "healthCheck",
        p.healthCheck(),
        d.healthCheck(),
        healthCheck(p.healthCheck(), d.healthCheck()));
    toggled(out, "observe", p.observe(), d.observe(), observe(p.observe(), d.observe()));
    putIfAny(out, "retries", retries(p.retries(), d.retries()));
    toggled(
        out,
        "circuitBreaker",
        p.circuitBreaker(),
        d.circuitBreaker(),
        breaker(p.circuitBreaker(), d.circuitBreaker(), false));
    toggled(
        out,
        "outlierDetection",
        p.outlierDetection(),
        d.outlierDetection(),
        breaker(p.outlierDetection(), d.outlierDetection(), true));
    putIfAny(out, "limits", limits(p.limits(), d.limits()));
    if (!Objects.equals(p.slowstart(), d.slowstart())) {
      if (p.slowstart() == null) {
        throw new IllegalArgumentException("slowstart cannot be unset below the defaults");
      }
      out.put("slowstart", p.slowstart());
    }
    if (!Objects.equals(p.faults(), d.faults())) {
      out.put("faults", p.faults() == null ? Map.of("enabled", false) : faults(p.faults()));
    }
  }

  /**
   * A map that writing turns on: {@code {enabled: false}} to turn off the defaults' one, the keys
   * that differ to turn it on or change it ({@code {enabled: true}} when none do).
   */
  private static void toggled(
      Map<String, Object> out,
      String key,
      Object value,
      Object inherited,
      Map<String, Object> keys) {
    if (Objects.equals(value, inherited)) {
      return;
    }
    if (value == null) {
      out.put(key, Map.of("enabled", false));
    } else {
      out.put(key, keys.isEmpty() ? Map.of("enabled", true) : keys);
    }
  }

  private static Map<String, Object> healthCheck(HealthCheck c, HealthCheck inherited) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (c == null) {
      return m;
    }
    HealthCheck d = inherited != null ? inherited : HealthCheck.DEFAULT;
    diff(m, "type", c.type().configName(), d.type().configName());
    diff(m, "method", c.method(), d.method());
    diff(m, "path", c.path(), d.path());
    diff(m, "host", c.host(), d.host());
    diff(m, "expectStatus", statuses(c.expectStatus()), statuses(d.expectStatus()));
    diff(m, "expectBody", c.expectBody(), d.expectBody());
    diff(m, "interval", c.interval(), d.interval());
    // The loader derives these from the effective interval unless some level writes them.
    diff(m, "fastinter", c.fastinter(), derived(d.fastinter(), d.interval(), c.interval()));
    diff(m, "downinter", c.downinter(), derived(d.downinter(), d.interval(), c.interval()));
    diff(m, "timeout", c.timeout(), derived(d.timeout(), d.interval(), c.interval()));
    diff(m, "rise", c.rise(), d.rise());
    diff(m, "fall", c.fall(), d.fall());
    diff(m, "port", c.port(), d.port());
    return m;
  }

  private static Duration derived(Duration inherited, Duration inheritedInterval, Duration now) {
    return inherited.equals(inheritedInterval) ? now : inherited;
  }

  private static Map<String, Object> observe(Observe o, Observe inherited) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (o == null) {
      return m;
    }
    Observe d = inherited != null ? inherited : Observe.DEFAULT;
    diff(m, "errorLimit", o.errorLimit(), d.errorLimit());
    diff(m, "onError", o.onError().configName(), d.onError().configName());
    diff(m, "errorStatuses", statuses(o.errorStatuses()), statuses(d.errorStatuses()));
    return m;
  }

  private static Map<String, Object> retries(Retries r, Retries d) {
    Map<String, Object> m = new LinkedHashMap<>();
    diff(m, "attempts", r.attempts(), d.attempts());
    diff(m, "retryOn", retryOn(r), retryOn(d));
    diff(m, "redispatch", r.redispatch(), d.redispatch());
    if (!Objects.equals(r.perTryTimeout(), d.perTryTimeout())) {
      if (r.perTryTimeout() == null) {
        throw new IllegalArgumentException("perTryTimeout cannot be unset below the defaults");
      }
      m.put("perTryTimeout", r.perTryTimeout());
    }
    Map<String, Object> backoff = new LinkedHashMap<>();
    diff(backoff, "base", r.backoff().base(), d.backoff().base());
    diff(backoff, "max", r.backoff().max(), d.backoff().max());
    diff(backoff, "jitter", r.backoff().jitter(), d.backoff().jitter());
    putIfAny(m, "backoff", backoff);
    diff(m, "bufferLimit", r.bufferLimit(), d.bufferLimit());
    diff(m, "retryNonIdempotent", r.retryNonIdempotent(), d.retryNonIdempotent());
    Map<String, Object> budget = new LinkedHashMap<>();
    diff(budget, "ratio", r.budget().ratio(), d.budget().ratio());
    diff(budget, "minPerSecond", r.budget().minPerSecond(), d.budget().minPerSecond());
    diff(budget, "window", r.budget().window(), d.budget().window());
    putIfAny(m, "budget", budget);
    return m;
  }

  /** The keywords in the config's order, then the statuses; {@code [none]} for nothing. */
  private static List<Object> retryOn(Retries r) {
    List<Object> out = new ArrayList<>();
    for (Retries.On o : Retries.On.values()) {
      if (r.on().contains(o)) {
        out.add(o.configName());
      }
    }
    out.addAll(new TreeSet<>(r.statuses()));
    return out.isEmpty() ? List.of("none") : out;
  }

  private static Map<String, Object> breaker(Breaker b, Breaker inherited, boolean outlier) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (b == null) {
      return m;
    }
    Breaker d = inherited != null ? inherited : Breaker.DEFAULT;
    diff(m, "windowType", b.windowType().configName(), d.windowType().configName());
    diff(m, "window", b.window(), d.window());
    diff(m, "windowSize", b.windowSize(), d.windowSize());
    diff(m, "failureRateThreshold", b.failureRateThreshold(), d.failureRateThreshold());
    diff(m, "minimumRequests", b.minimumRequests(), d.minimumRequests());
    diff(m, "consecutiveFailures", b.consecutiveFailures(), d.consecutiveFailures());
    diff(m, "slowCallRateThreshold", b.slowCallRateThreshold(), d.slowCallRateThreshold());
    if (!Objects.equals(b.slowCallDuration(), d.slowCallDuration())) {
      if (b.slowCallDuration() == null) {
        throw new IllegalArgumentException("slowCallDuration cannot be unset below the defaults");
      }
      m.put("slowCallDuration", b.slowCallDuration());
    }
    diff(m, "openDuration", b.openDuration(), d.openDuration());
    diff(m, "maxOpenDuration", b.maxOpenDuration(), d.maxOpenDuration());
    diff(m, "halfOpenRequests", b.halfOpenRequests(), d.halfOpenRequests());
    if (outlier) {
      diff(m, "maxEjectionPercent", b.maxEjectionPercent(), d.maxEjectionPercent());
    }
    return m;
  }

  private static Map<String, Object> limits(Limits l, Limits d) {
    Map<String, Object> m = new LinkedHashMap<>();
    diff(m, "maxConnections", l.maxConnections(), d.maxConnections());
    diff(m, "maxPendingRequests", l.maxPendingRequests(), d.maxPendingRequests());
    diff(m, "maxRequests", l.maxRequests(), d.maxRequests());
    diff(m, "maxRetries", l.maxRetries(), d.maxRetries());
    return m;
  }

  private static Map<String, Object> faults(Faults f) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (f.delay() == null && f.abort() == null) {
      m.put("enabled", false);
    }
    if (f.delay() != null) {
      Map<String, Object> delay = new LinkedHashMap<>();
      delay.put("percent", f.delay().percent());
      delay.put("duration", f.delay().duration());
      m.put("delay", delay);
    }
    if (f.abort() != null) {
      Map<String, Object> abort = new LinkedHashMap<>();
      abort.put("percent", f.abort().percent());
      abort.put("status", f.abort().status());
      m.put("abort", abort);
    }
    return m;
  }

  /** Single codes as numbers, ranges as strings, as the config file writes them. */
  private static List<Object> statuses(List<StatusRange> ranges) {
    List<Object> out = new ArrayList<>();
    for (StatusRange r : ranges) {
      out.add(r.from() == r.to() ? (Object) r.from() : r.toString());
    }
    return out;
  }

  private static Map<String, Object> certificate(Certificate c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("secret", c.secret().namespacedName());
    m.put("hosts", c.hosts());
    m.put("names", c.names());
    return m;
  }

  private static Map<String, Object> policy(PolicyAcceptance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accepted", p.accepted());
    m.put("reason", p.reason());
    m.put("message", p.message());
    if (p.observedGeneration() != null) {
      m.put("observedGeneration", p.observedGeneration());
    }
    m.put("backends", p.backends());
    return m;
  }

  private static void diff(Map<String, Object> m, String key, Object value, Object inherited) {
    if (!Objects.equals(value, inherited) && value != null) {
      m.put(key, value);
    }
  }

  private static void putIfAny(Map<String, Object> m, String key, Map<String, Object> value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }
}
