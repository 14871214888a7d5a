package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A backend's resilience policy. {@code null} components are off.
 *
 * @param healthCheck active checks; {@code null} = none (servers count as UP)
 * @param observe passive observation of live traffic; {@code null} = off
 * @param retries retry policy; never null ({@code attempts: 0} disables)
 * @param circuitBreaker the backend's breaker; open → 503 at once; {@code null} = none
 * @param outlierDetection a breaker per server, ejecting failing servers; {@code null} = none
 * @param limits concurrency limits
 * @param slowstart a server coming UP ramps its weight over this; {@code null} = at once
 * @param faults fault injection; {@code null} = none
 */
public record BackendPolicy(
    HealthCheck healthCheck,
    Observe observe,
    Retries retries,
    Breaker circuitBreaker,
    Breaker outlierDetection,
    Limits limits,
    Duration slowstart,
    Faults faults) {

  public static final BackendPolicy DEFAULT =
      new BackendPolicy(null, null, Retries.DEFAULT, null, null, Limits.NONE, null, null);

  public BackendPolicy {
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(limits, "limits");
  }
}
