package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * What a CircuitBreaker asks for: the breaker fields of the dataplane's {@code
 * io.breakwater.dataplane.config.Breaker}, its scope, and the backend's concurrency limits. Every
 * field but {@code targetRef} is optional; one left out takes the config's default. Ranges are
 * those of the config file (docs/configuration.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitBreakerSpec(
    @JsonPropertyDescription(
            "The Service (or Service port) this breaker applies to. Without it, the breaker"
                + " applies only where a breakwater.io/circuit-breaker annotation names it.")
        TargetRef targetRef,
    @JsonPropertyDescription(
            "server (default): a breaker per pod, ejecting failing pods from the balance (outlier"
                + " detection). backend: one breaker for the Service; while open, requests get 503"
                + " at once.")
        BreakerScope scope,
    @JsonPropertyDescription(
            "time (default): rates over the last `window`. count: over the last `windowSize`"
                + " calls.")
        WindowType windowType,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("Length of a time window, e.g. 10s (default 10s).")
        String window,
    @Min(1) @Max(10_000) @JsonPropertyDescription("Calls in a count window (default 100).")
        Integer windowSize,
    @Min(1)
        @Max(100)
        @JsonPropertyDescription(
            "Percent of failed calls in the window that opens it (default 50).")
        Integer failureRateThreshold,
    @Min(1)
        @JsonPropertyDescription("Calls the window must hold before its rates count (default 20).")
        Integer minimumRequests,
    @Min(0)
        @JsonPropertyDescription(
            "Failures in a row that open it, whatever the window says; 0 (default) turns this"
                + " off.")
        Integer consecutiveFailures,
    @Min(1)
        @Max(100)
        @JsonPropertyDescription("Percent of slow calls in the window that opens it (default 100).")
        Integer slowCallRateThreshold,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("A call slower than this is slow; without it, none is.")
        String slowCallDuration,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
            "First open period (default 30s); it doubles with each trip in a row.")
        String openDuration,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
            "Cap of the growing open period (default 5m); at least openDuration.")
        String maxOpenDuration,
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription("Probe calls let through when half-open (default 5).")
        Integer halfOpenRequests,
    @Min(0)
        @Max(100)
        @JsonPropertyDescription(
            "scope server only: at most this percent of the Service's pods is ejected at once"
                + " (default 50); past it, traffic spreads over all pods.")
        Integer maxEjectionPercent,
    @Min(0)
        @JsonPropertyDescription(
            "Open connections to all pods of the backend; 0 (default) = unlimited.")
        Integer maxConnections,
    @Min(0)
        @JsonPropertyDescription(
            "Requests waiting in the backend's queue; 0 (default) = unlimited.")
        Integer maxPendingRequests,
    @Min(0) @JsonPropertyDescription("Requests in flight to the backend; 0 (default) = unlimited.")
        Integer maxRequests,
    @Min(0) @JsonPropertyDescription("Retries in flight at once; 0 (default) = unlimited.")
        Integer maxRetries) {

  /** The scope, {@link BreakerScope#SERVER} when the spec does not say. */
  public BreakerScope effectiveScope() {
    return scope == null ? BreakerScope.SERVER : scope;
  }
}
