package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@link ConfigValidator} for the resilience policy: health checks, observation,
 * retries, breakers, limits, slow start and faults. Ranges come from {@link ConfigSchema}; the
 * static rules are shared with {@link PolicyReader}, which applies them while reading so that a
 * file and a model built in code get the same messages.
 */
final class PolicyValidator {

  private final List<ConfigError> errors;

  PolicyValidator(List<ConfigError> errors) {
    this.errors = errors;
  }

  /** The policy of {@code defaults} or a backend; {@code path} is that section's path. */
  void policy(String path, BackendPolicy p) {
    if (p.healthCheck() != null) {
      healthCheck(path + ".healthCheck", p.healthCheck());
    }
    if (p.observe() != null) {
      observe(path + ".observe", p.observe());
    }
    retries(path + ".retries", p.retries());
    if (p.circuitBreaker() != null) {
      breaker(path + ".circuitBreaker", ConfigSchema.CIRCUIT_BREAKER, p.circuitBreaker());
    }
    if (p.outlierDetection() != null) {
      breaker(path + ".outlierDetection", ConfigSchema.OUTLIER_DETECTION, p.outlierDetection());
    }
    limits(path + ".limits", p.limits());
    if (p.slowstart() != null) {
      range(path + ".slowstart", ConfigSchema.BACKEND.key("slowstart"), p.slowstart());
    }
    if (p.faults() != null) {
      faults(path + ".faults", p.faults());
    }
  }

  void healthCheck(String path, HealthCheck c) {
    Section s = ConfigSchema.HEALTH_CHECK;
    text(path + ".method", "method", c.method());
    text(path + ".path", "path", c.path());
    if (c.host() != null) {
      text(path + ".host", "host", c.host());
    }
    statuses(path + ".expectStatus", c.expectStatus(), true);
    if (c.expectBody() != null) {
      text(path + ".expectBody", "expectBody", c.expectBody());
    }
    range(path + ".interval", s.key("interval"), c.interval());
    range(path + ".fastinter", s.key("fastinter"), c.fastinter());
    range(path + ".downinter", s.key("downinter"), c.downinter());
    range(path + ".timeout", s.key("timeout"), c.timeout());
    range(path + ".rise", s.key("rise"), c.rise());
    range(path + ".fall", s.key("fall"), c.fall());
    range(path + ".port", s.key("port"), c.port());
  }

  void faults(String path, Faults f) {
    if (f.delay() != null) {
      Section s = ConfigSchema.FAULT_DELAY;
      range(path + ".delay.percent", s, "percent", f.delay().percent());
      if (f.delay().duration() == null) {
        error(path + ".delay.duration", "missing (required)");
      } else {
        range(path + ".delay.duration", s.key("duration"), f.delay().duration());
      }
    }
    if (f.abort() != null) {
      Section s = ConfigSchema.FAULT_ABORT;
      range(path + ".abort.percent", s, "percent", f.abort().percent());
      range(path + ".abort.status", s.key("status"), f.abort().status());
    }
  }

  private void observe(String path, Observe o) {
    range(path + ".errorLimit", ConfigSchema.OBSERVE.key("errorLimit"), o.errorLimit());
    statuses(path + ".errorStatuses", o.errorStatuses(), false);
  }

  private void retries(String path, Retries r) {
    Section s = ConfigSchema.RETRIES;
    range(path + ".attempts", s.key("attempts"), r.attempts());
    for (int status : new TreeSet<>(r.statuses())) {
      String problem = retryStatusProblem(status);
      if (problem != null) {
        error(path + ".retryOn", problem);
      }
    }
    if (r.perTryTimeout() != null) {
      range(path + ".perTryTimeout", s.key("perTryTimeout"), r.perTryTimeout());
    }
    Section b = ConfigSchema.BACKOFF;
    ordered(path + ".backoff", b, "base", r.backoff().base(), "max", r.backoff().max());
    range(path + ".backoff.jitter", b.key("jitter"), r.backoff().jitter());
    range(path + ".bufferLimit", s.key("bufferLimit"), r.bufferLimit());
    Section g = ConfigSchema.BUDGET;
    range(path + ".budget.ratio", g, "ratio", r.budget().ratio());
    range(path + ".budget.minPerSecond", g.key("minPerSecond"), r.budget().minPerSecond());
    range(path + ".budget.window", g.key("window"), r.budget().window());
  }

  private void breaker(String path, Section s, Breaker b) {
    range(path + ".window", s.key("window"), b.window());
    range(path + ".windowSize", s.key("windowSize"), b.windowSize());
    range(path + ".failureRateThreshold", s.key("failureRateThreshold"), b.failureRateThreshold());
    range(path + ".minimumRequests", s.key("minimumRequests"), b.minimumRequests());
    range(path + ".consecutiveFailures", s.key("consecutiveFailures"), b.consecutiveFailures());
    range(
        path + ".slowCallRateThreshold", s.key("slowCallRateThreshold"), b.slowCallRateThreshold());
    if (b.slowCallDuration() != null) {
      range(path + ".slowCallDuration", s.key("slowCallDuration"), b.slowCallDuration());
    }
    ordered(path, s, "openDuration", b.openDuration(), "maxOpenDuration", b.maxOpenDuration());
    range(path + ".halfOpenRequests", s.key("halfOpenRequests"), b.halfOpenRequests());
    int maxEjection = b.maxEjectionPercent();
    if (s.has("maxEjectionPercent")) {
      range(path + ".maxEjectionPercent", s.key("maxEjectionPercent"), maxEjection);
    } else if (maxEjection != Breaker.DEFAULT.maxEjectionPercent()) {
      error(
          path + ".maxEjectionPercent",
          maxEjection
              + " (expected: "
              + Breaker.DEFAULT.maxEjectionPercent()
              + "; maxEjectionPercent applies to outlierDetection only)");
    }
  }

  private void limits(String path, Limits l) {
    Section s = ConfigSchema.LIMITS;
    range(path + ".maxConnections", s.key("maxConnections"), l.maxConnections());
    range(path + ".maxPendingRequests", s.key("maxPendingRequests"), l.maxPendingRequests());
    range(path + ".maxRequests", s.key("maxRequests"), l.maxRequests());
    range(path + ".maxRetries", s.key("maxRetries"), l.maxRetries());
  }

  private void statuses(String path, List<StatusRange> ranges, boolean atLeastOne) {
    if (atLeastOne && ranges.isEmpty()) {
      error(path, "[] (expected: at least one status)");
    }
    for (int i = 0; i < ranges.size(); i++) {
      String problem = statusProblem(ranges.get(i));
      if (problem != null) {
        error(path + "[" + i + "]", problem);
      }
    }
  }

  private void text(String path, String key, String value) {
    String problem = textProblem(key, value);
    if (problem != null) {
      error(path, problem);
    }
  }

  /** Two durations in range, the second at least the first (reported at the second). */
  private void ordered(
      String path, Section s, String lowKey, Duration low, String highKey, Duration high) {
    int before = errors.size();
    range(path + "." + lowKey, s.key(lowKey), low);
    range(path + "." + highKey, s.key(highKey), high);
    if (errors.size() == before && high.compareTo(low) < 0) {
      error(path + "." + highKey, orderProblem(high, lowKey, low));
    }
  }

  private void range(String path, ConfigSchema.Key key, long value) {
    String problem = key.problem(value);
    if (problem != null) {
      error(path, problem);
    }
  }

  private void range(String path, Section s, String key, double value) {
    String problem = s.key(key).problem(value);
    if (problem != null) {
      error(path, problem);
    }
  }

  private void range(String path, ConfigSchema.Key key, Duration value) {
    String problem = key.problem(value);
    if (problem != null) {
      error(path, problem);
    }
  }

  private void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  // Rules shared with PolicyReader: each returns what is wrong, or null.

  /** 100..599, from low to high. */
  static String statusProblem(StatusRange r) {
    if (r.from() < 100 || r.to() > 599) {
      return r + " (expected: statuses within 100..599)";
    }
    if (r.from() > r.to()) {
      return r + " (expected: a range from low to high)";
    }
    return null;
  }

  /** One of {@link Retries#RETRYABLE_STATUSES}. */
  static String retryStatusProblem(int status) {
    Set<Integer> allowed = Retries.RETRYABLE_STATUSES;
    return allowed.contains(status)
        ? null
        : status
            + " is not a retryable status (expected: one of "
            + ConfigSchema.retryableStatuses()
            + ")";
  }

  /** {@code high} below {@code low}, reported at {@code high}: {@code backoff.max}. */
  static String orderProblem(Duration high, String lowName, Duration low) {
    return Durations.format(high) + " (expected: >= " + lowName + " " + Durations.format(low) + ")";
  }

  /**
   * The texts of a health check go on the wire, so they may not break the request: a method is an
   * HTTP token, a path starts with {@code /}, and neither they nor a host hold spaces or control
   * characters.
   */
  static String textProblem(String key, String value) {
    String expected =
        switch (key) {
          case "method" -> Texts.isToken(value) ? null : "an HTTP method such as GET";
          case "path" ->
              !value.startsWith("/")
                  ? "a path starting with \"/\""
                  : Texts.hasSpaceOrControl(value) ? "a path without spaces" : null;
          case "host" ->
              value.isEmpty() || Texts.hasSpaceOrControl(value)
                  ? "a host name without spaces; omit host to send the server's address"
                  : null;
          case "expectBody" ->
              value.isEmpty() ? "a non-empty text; omit expectBody to accept any body" : null;
          default -> throw new IllegalArgumentException("no rule for text key " + key);
        };
    return expected == null ? null : Texts.quote(value) + " (expected: " + expected + ")";
  }
}
