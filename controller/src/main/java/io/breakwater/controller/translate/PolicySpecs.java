package io.breakwater.controller.translate;

import io.breakwater.controller.crd.BreakerScope;
import io.breakwater.controller.crd.CircuitBreakerSpec;
import io.breakwater.controller.crd.RetryPolicySpec;
import io.breakwater.controller.crd.WindowType;
import io.breakwater.controller.translate.annotation.InvalidValueException;
import io.breakwater.controller.translate.annotation.RetryOn;
import io.breakwater.controller.translate.annotation.Values;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns policy specs into the config's records, written over a base (the config defaults), and
 * checks them: field syntax here, everything else (ranges, {@code max >= base}, {@code
 * maxOpenDuration >= openDuration}) by the dataplane's validator, its paths mapped back to the
 * spec's ({@code backends[0].retries.backoff.max} → {@code spec.backoff.max}). The API server
 * checks most of this already; manifests and older CRDs do not pass through it.
 */
final class PolicySpecs {

  /** A spec's record, or the problems that keep it from being one (field → message). */
  record Checked<T>(T value, Map<String, String> errors) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  private PolicySpecs() {}

  /** The breaker a CircuitBreaker asks for, over {@code template}. */
  static Checked<Breaker> breaker(CircuitBreakerSpec s, Breaker template) {
    Map<String, String> errors = new LinkedHashMap<>();
    boolean outlier = s.effectiveScope() == BreakerScope.SERVER;
    Breaker b =
        new Breaker(
            s.windowType() == null
                ? template.windowType()
                : s.windowType() == WindowType.COUNT
                    ? Breaker.WindowType.COUNT
                    : Breaker.WindowType.TIME,
            duration(s.window(), template.window(), "spec.window", errors),
            or(s.windowSize(), template.windowSize()),
            or(s.failureRateThreshold(), template.failureRateThreshold()),
            or(s.minimumRequests(), template.minimumRequests()),
            or(s.consecutiveFailures(), template.consecutiveFailures()),
            or(s.slowCallRateThreshold(), template.slowCallRateThreshold()),
            duration(
                s.slowCallDuration(), template.slowCallDuration(), "spec.slowCallDuration", errors),
            duration(s.openDuration(), template.openDuration(), "spec.openDuration", errors),
            duration(
                s.maxOpenDuration(), template.maxOpenDuration(), "spec.maxOpenDuration", errors),
            or(s.halfOpenRequests(), template.halfOpenRequests()),
            // The backend's breaker has no ejection cap; the config insists on the default there.
            outlier
                ? or(s.maxEjectionPercent(), template.maxEjectionPercent())
                : Breaker.DEFAULT.maxEjectionPercent());
    // Fields that did not parse stand at the template's values here, so what the validator says
    // is about the others.
    BackendPolicy p =
        outlier ? withBreakers(null, b, Limits.NONE) : withBreakers(b, null, Limits.NONE);
    specErrors(p).forEach(errors::putIfAbsent);
    return new Checked<>(b, errors);
  }

  /** The limits a CircuitBreaker sets, over {@code base}. */
  static Checked<Limits> limits(CircuitBreakerSpec s, Limits base) {
    Limits l =
        new Limits(
            or(s.maxConnections(), base.maxConnections()),
            or(s.maxPendingRequests(), base.maxPendingRequests()),
            or(s.maxRequests(), base.maxRequests()),
            or(s.maxRetries(), base.maxRetries()));
    return new Checked<>(l, specErrors(withBreakers(null, null, l)));
  }

  /** The retries a RetryPolicy asks for, over {@code base}. */
  static Checked<Retries> retries(RetryPolicySpec s, Retries base) {
    Map<String, String> errors = new LinkedHashMap<>();
    RetryOn on = new RetryOn(base.on(), base.statuses());
    if (s.retryOn() != null) {
      try {
        on = RetryOn.parse(s.retryOn());
      } catch (InvalidValueException e) {
        errors.put("spec.retryOn", e.getMessage());
      }
    }
    RetryPolicySpec.Backoff bo = s.backoff();
    RetryPolicySpec.Budget bu = s.budget();
    Retries.Backoff backoff = base.backoff();
    Retries.Budget budget = base.budget();
    Retries r =
        new Retries(
            or(s.attempts(), base.attempts()),
            on.on(),
            on.statuses(),
            base.redispatch(),
            duration(s.perTryTimeout(), base.perTryTimeout(), "spec.perTryTimeout", errors),
            bo == null
                ? backoff
                : new Retries.Backoff(
                    duration(bo.base(), backoff.base(), "spec.backoff.base", errors),
                    duration(bo.max(), backoff.max(), "spec.backoff.max", errors),
                    or(bo.jitter(), backoff.jitter())),
            or(s.bufferLimit(), base.bufferLimit()),
            s.retryNonIdempotent() != null ? s.retryNonIdempotent() : base.retryNonIdempotent(),
            bu == null
                ? budget
                : new Retries.Budget(
                    bu.ratio() != null ? bu.ratio() : budget.ratio(),
                    or(bu.minPerSecond(), budget.minPerSecond()),
                    duration(bu.window(), budget.window(), "spec.budget.window", errors)));
    specErrors(new BackendPolicy(null, null, r, null, null, Limits.NONE, null, null))
        .forEach(errors::putIfAbsent);
    return new Checked<>(r, errors);
  }

  private static BackendPolicy withBreakers(Breaker cb, Breaker od, Limits limits) {
    return new BackendPolicy(null, null, Retries.DEFAULT, cb, od, limits, null, null);
  }

  /** The validator's problems with the policy, at the spec's field paths. */
  private static Map<String, String> specErrors(BackendPolicy p) {
    Map<String, String> out = new LinkedHashMap<>();
    Backend b = new Backend("policy", Balance.ROUNDROBIN, 0, Timeouts.DEFAULT, p, List.of());
    for (ConfigError e : ConfigCheck.backend(b)) {
      out.put(specPath(e.path()), e.message());
    }
    return out;
  }

  /** {@code backends[0].circuitBreaker.window} → {@code spec.window}. */
  static String specPath(String configPath) {
    String p = configPath.replaceFirst("^backends\\[0]\\.", "");
    int dot = p.indexOf('.');
    return "spec." + (dot < 0 ? p : p.substring(dot + 1));
  }

  private static Duration duration(
      String text, Duration base, String field, Map<String, String> errors) {
    if (text == null) {
      return base;
    }
    try {
      return Values.positiveDuration(text);
    } catch (InvalidValueException e) {
      errors.put(field, e.getMessage());
      return base;
    }
  }

  private static int or(Integer value, int base) {
    return value != null ? value : base;
  }

  /** The messages, one per field, as {@code field: message}. */
  static List<String> describe(Map<String, String> errors) {
    List<String> out = new ArrayList<>();
    errors.forEach((f, m) -> out.add(f + ": " + m));
    return out;
  }
}
