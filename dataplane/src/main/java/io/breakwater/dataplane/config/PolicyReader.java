package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import io.breakwater.dataplane.config.TreeReader.Fields;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the resilience policy ({@link BackendPolicy}, a server's {@link HealthCheck}, a route's
 * {@link Faults}) and resolves its inheritance: {@code defaults} → backend → server, key by key.
 *
 * <p>The policy is read in two steps. First each level's written keys are read into {@link Values},
 * generically from {@link ConfigSchema}; then the levels are merged and the records built, with the
 * records' defaults for keys no level wrote. Keeping what was written (rather than effective
 * records) is what lets a derived default follow the level that sets its source: {@code fastinter}
 * defaults to the effective {@code interval}, even when {@code defaults} set one and the backend
 * the other.
 *
 * <p>Unlike the other sections, every value here is range-checked as it is read, and a value out of
 * range is reported at the path where it was written and replaced by the inherited one. A policy is
 * inherited two levels deep; checking only the resolved model would report one bad value in {@code
 * defaults} again at every backend and server that inherits it. {@link ConfigValidator} checks the
 * same rules (with the same messages) on models built in code.
 */
final class PolicyReader {

  private PolicyReader() {}

  /**
   * The effective policy values of {@code defaults} or a backend: the level above ({@link
   * Values#EMPTY} for {@code defaults}) with the policy keys written in {@code owner} over it.
   */
  static Values level(TreeReader r, Fields owner, Values upper) {
    Values written = new Values(false);
    for (String name : ConfigSchema.POLICY_KEYS) {
      read(r, owner, owner.section().key(name), written);
      // Pairs are checked as soon as their section is read, so errors stay in schema order.
      Values own = written.values(name);
      Values inherited = upper.values(name);
      switch (name) {
        case "retries" -> {
          Retries.Backoff d = Retries.Backoff.DEFAULT;
          ordered(
              r,
              owner.pathOf(name) + ".backoff",
              own.values("backoff"),
              inherited.values("backoff"),
              "base",
              d.base(),
              "max",
              d.max());
        }
        case "circuitBreaker", "outlierDetection" -> {
          Breaker d = Breaker.DEFAULT;
          ordered(
              r,
              owner.pathOf(name),
              own,
              inherited,
              "openDuration",
              d.openDuration(),
              "maxOpenDuration",
              d.maxOpenDuration());
        }
        default -> {}
      }
    }
    return upper.merge(written);
  }

  /** A server's effective health check: its backend's with the server's own keys over it. */
  static HealthCheck serverCheck(TreeReader r, Fields server, Values backend) {
    Values written = new Values(false);
    read(r, server, server.section().key("healthCheck"), written);
    return healthCheck(backend.values("healthCheck").merge(written.values("healthCheck")));
  }

  /**
   * A route's faults, which replace its backend's whole: {@code null} when the route has none of
   * its own, and faults without delay or abort when it turns them off.
   */
  static Faults routeFaults(TreeReader r, Fields route) {
    Values written = new Values(false);
    read(r, route, route.section().key("faults"), written);
    Values f = written.values("faults");
    if (!f.has("enabled")) {
      return null;
    }
    Faults faults = faults(f);
    return faults != null ? faults : new Faults(null, null);
  }

  /** The policy of {@code defaults} or a backend, from its effective values. */
  static BackendPolicy policy(Values v) {
    return new BackendPolicy(
        healthCheck(v.values("healthCheck")),
        observe(v.values("observe")),
        retries(v.values("retries")),
        breaker(v.values("circuitBreaker"), false),
        breaker(v.values("outlierDetection"), true),
        limits(v.values("limits")),
        v.get("slowstart", null),
        faults(v.values("faults")));
  }

  // Building the records; a key no level wrote takes the record's default.

  private static HealthCheck healthCheck(Values v) {
    if (!v.enabled()) {
      return null;
    }
    HealthCheck d = HealthCheck.DEFAULT;
    Duration interval = v.get("interval", d.interval());
    return new HealthCheck(
        v.constant("type", HealthCheck.Type.class, d.type()),
        v.get("method", d.method()),
        v.get("path", d.path()),
        v.get("host", d.host()),
        v.get("expectStatus", d.expectStatus()),
        v.get("expectBody", d.expectBody()),
        interval,
        v.get("fastinter", interval),
        v.get("downinter", interval),
        v.get("timeout", interval),
        v.get("rise", d.rise()),
        v.get("fall", d.fall()),
        v.get("port", d.port()),
        v.get("tls", d.tls()));
  }

  private static Observe observe(Values v) {
    if (!v.enabled()) {
      return null;
    }
    Observe d = Observe.DEFAULT;
    return new Observe(
        v.get("errorLimit", d.errorLimit()),
        v.constant("onError", Observe.OnError.class, d.onError()),
        v.get("errorStatuses", d.errorStatuses()));
  }

  private static Retries retries(Values v) {
    Retries d = Retries.DEFAULT;
    ConditionReader.RetryOn on =
        v.get("retryOn", new ConditionReader.RetryOn(d.on(), d.statuses()));
    Values b = v.values("backoff");
    Values g = v.values("budget");
    return new Retries(
        v.get("attempts", d.attempts()),
        on.on(),
        on.statuses(),
        v.get("redispatch", d.redispatch()),
        v.get("perTryTimeout", d.perTryTimeout()),
        new Retries.Backoff(
            b.get("base", d.backoff().base()),
            b.get("max", d.backoff().max()),
            b.get("jitter", d.backoff().jitter())),
        v.get("bufferLimit", d.bufferLimit()),
        v.get("retryNonIdempotent", d.retryNonIdempotent()),
        new Retries.Budget(
            g.get("ratio", d.budget().ratio()),
            g.get("minPerSecond", d.budget().minPerSecond()),
            g.get("window", d.budget().window())));
  }

  private static Breaker breaker(Values v, boolean outlier) {
    if (!v.enabled()) {
      return null;
    }
    Breaker d = Breaker.DEFAULT;
    return new Breaker(
        v.constant("windowType", Breaker.WindowType.class, d.windowType()),
        v.get("window", d.window()),
        v.get("windowSize", d.windowSize()),
        v.get("failureRateThreshold", d.failureRateThreshold()),
        v.get("minimumRequests", d.minimumRequests()),
        v.get("consecutiveFailures", d.consecutiveFailures()),
        v.get("slowCallRateThreshold", d.slowCallRateThreshold()),
        v.get("slowCallDuration", d.slowCallDuration()),
        v.get("openDuration", d.openDuration()),
        v.get("maxOpenDuration", d.maxOpenDuration()),
        v.get("halfOpenRequests", d.halfOpenRequests()),
        outlier ? v.get("maxEjectionPercent", d.maxEjectionPercent()) : d.maxEjectionPercent());
  }

  private static Limits limits(Values v) {
    return new Limits(
        v.get("maxConnections", 0),
        v.get("maxPendingRequests", 0),
        v.get("maxRequests", 0),
        v.get("maxRetries", 0));
  }

  /** {@code null} when off, or on without a delay or an abort: nothing to inject. */
  private static Faults faults(Values v) {
    if (!v.enabled()) {
      return null;
    }
    Values delay = v.values("delay");
    Values abort = v.values("abort");
    Faults f =
        new Faults(
            delay.has("duration")
                ? new Faults.Delay(
                    delay.get("percent", Faults.DEFAULT_PERCENT), delay.get("duration", null))
                : null,
            abort.has("status")
                ? new Faults.Abort(
                    abort.get("percent", Faults.DEFAULT_PERCENT), abort.get("status", null))
                : null);
    return f.delay() == null && f.abort() == null ? null : f;
  }

  // Reading what one level wrote.

  /** Reads one key of {@code f} into {@code out}, unless it is absent or was reported. */
  private static void read(TreeReader r, Fields f, Key k, Values out) {
    String name = k.name();
    Object value =
        switch (k.kind()) {
          case MAP -> section(r, f.map(name));
          case INTEGER -> f.integerInRange(name);
          case DURATION -> f.durationInRange(name);
          case NUMBER -> f.number(name);
          case BOOLEAN -> f.bool(name);
          case ENUM -> f.enumeration(name, s -> k.values().contains(s) ? s : null);
          case STRING -> text(r, f, name);
          case STATUSES -> ConditionReader.statuses(r, f, k);
          case RETRY_ON -> ConditionReader.retryOn(r, f, k);
          case LIST, HOST_PORT, FILE_MODE, STRINGS ->
              throw new IllegalArgumentException(k.kind() + " in a policy");
        };
    if (value != null) {
      out.put(name, value);
    }
  }

  /**
   * The keys written in a map, {@code null} when the map is absent. Writing a map that has an
   * {@code enabled} key turns it on. A map with required keys (a fault's {@code delay}) is
   * inherited whole, and dropped when a required key is missing or was reported.
   */
  private static Values section(TreeReader r, Fields f) {
    if (!f.present()) {
      return null;
    }
    Section s = f.section();
    boolean whole = s.keys().stream().anyMatch(Key::required);
    Values out = new Values(whole);
    for (Key k : s.keys()) {
      read(r, f, k, out);
    }
    if (s.has("enabled") && !out.has("enabled")) {
      out.put("enabled", true);
    }
    for (Key k : s.keys()) {
      if (k.required() && !out.has(k.name())) {
        return null;
      }
    }
    return out;
  }

  private static String text(TreeReader r, Fields f, String name) {
    String s = f.string(name);
    String problem = s != null ? PolicyValidator.textProblem(name, s) : null;
    if (problem != null) {
      r.error(f.pathOf(name), problem);
      return null;
    }
    return s;
  }

  /**
   * Checks that a pair of durations written at this level ({@code own}), with the inherited ones
   * and the defaults, keeps {@code low <= high} ({@code backoff.base <= max}). When not, it is
   * reported at the {@code high} key if this level wrote it, else at {@code low}, and this level's
   * pair is dropped so the inherited one, already checked, stands.
   */
  private static void ordered(
      TreeReader r,
      String path,
      Values own,
      Values inherited,
      String low,
      Duration lowDefault,
      String high,
      Duration highDefault) {
    if (!own.has(low) && !own.has(high)) {
      return;
    }
    Duration lo = own.get(low, inherited.get(low, lowDefault));
    Duration hi = own.get(high, inherited.get(high, highDefault));
    if (hi.compareTo(lo) >= 0) {
      return;
    }
    if (own.has(high)) {
      r.error(path + "." + high, PolicyValidator.orderProblem(hi, low, lo));
    } else {
      r.error(
          path + "." + low,
          Durations.format(lo) + " (expected: <= " + high + " " + Durations.format(hi) + ")");
    }
    own.remove(low);
    own.remove(high);
  }

  /**
   * The keys of one map, written at one level or merged over several. Nested maps are {@code
   * Values} too, and merge key by key unless they are {@code whole}.
   */
  static final class Values {
    static final Values EMPTY = new Values(false);

    private final Map<String, Object> map = new LinkedHashMap<>();
    private final boolean whole;

    private Values(boolean whole) {
      this.whole = whole;
    }

    boolean has(String key) {
      return map.containsKey(key);
    }

    /** The value, or the fallback when no level wrote the key. */
    @SuppressWarnings("unchecked")
    <T> T get(String key, T fallback) {
      Object v = map.get(key);
      return v != null ? (T) v : fallback;
    }

    /** The enum constant a config name stands for: {@code fail-check} → {@code FAIL_CHECK}. */
    <E extends Enum<E>> E constant(String key, Class<E> type, E fallback) {
      String name = get(key, null);
      return name == null
          ? fallback
          : Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The nested map, empty when absent. */
    Values values(String key) {
      Object v = map.get(key);
      return v instanceof Values nested ? nested : EMPTY;
    }

    /** Whether the map is on: written (at some level) and not turned off with enabled: false. */
    boolean enabled() {
      return Boolean.TRUE.equals(map.get("enabled"));
    }

    /** These values with {@code lower}'s over them, key by key. */
    Values merge(Values lower) {
      if (lower.whole) {
        return lower;
      }
      Values out = new Values(whole);
      out.map.putAll(map);
      lower.map.forEach(
          (k, v) -> {
            Object mine = map.get(k);
            out.map.put(k, mine instanceof Values m && v instanceof Values l ? m.merge(l) : v);
          });
      return out;
    }

    private void put(String key, Object value) {
      if (this == EMPTY) {
        throw new IllegalStateException("EMPTY is shared");
      }
      map.put(key, value);
    }

    private void remove(String key) {
      if (this != EMPTY) {
        map.remove(key);
      }
    }
  }
}
