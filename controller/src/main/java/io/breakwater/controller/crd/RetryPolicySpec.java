package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * What a RetryPolicy asks for: the retry fields of the dataplane's {@code
 * io.breakwater.dataplane.config.Retries}. Every field but {@code targetRef} is optional; one left
 * out takes the config's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicySpec(
    @JsonPropertyDescription(
            "The Service (or Service port) this policy applies to. Without it, the policy applies"
                + " only where a breakwater.io/retry-policy annotation names it.")
        TargetRef targetRef,
    @Min(0)
        @Max(100)
        @JsonPropertyDescription("Retries after the first try (default 3); 0 disables retries.")
        Integer attempts,
    @JsonPropertyDescription(
            "Failures that are retried: conn-failure, empty-response, junk-response,"
                + " response-timeout, statuses (401 403 404 408 421 425 429 500 501 502 503 504),"
                + " all-retryable-errors, or none alone (default [conn-failure]).")
        List<String> retryOn,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
            "Each attempt's limit for the response head (default: the backend's server"
                + " timeout).")
        String perTryTimeout,
    @JsonPropertyDescription("Wait between attempts.") Backoff backoff,
    @JsonPropertyDescription("Limits retries to a share of recent traffic.") Budget budget,
    @JsonPropertyDescription(
            "Also retry POST, PATCH and other non-idempotent requests after they reached the"
                + " server (default false).")
        Boolean retryNonIdempotent,
    @Min(0)
        @Max(16_777_216)
        @JsonPropertyDescription(
            "Request bodies up to this many bytes are held for replay (default 65536).")
        Integer bufferLimit) {

  public RetryPolicySpec {
    retryOn = retryOn == null ? null : List.copyOf(retryOn);
  }

  /**
   * Fully jittered exponential backoff: retry n waits up to min(max, base × (2^n − 1)).
   *
   * @param base first retry's upper bound
   * @param max cap of the wait
   * @param jitter percent of the wait that is random
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Backoff(
      @Pattern(Durations.PATTERN)
          @JsonPropertyDescription("Upper bound of the first retry's wait (default 25ms).")
          String base,
      @Pattern(Durations.PATTERN)
          @JsonPropertyDescription("Cap of the wait (default 250ms); at least base.")
          String max,
      @Min(0)
          @Max(100)
          @JsonPropertyDescription("Percent of the wait that is random (default 100).")
          Integer jitter) {}

  /**
   * Retries allowed over {@code window}: {@code ratio} × the requests in it, plus {@code
   * minPerSecond} per second.
   *
   * @param ratio retries per request, 0..1
   * @param minPerSecond retries always allowed per second
   * @param window how far back requests and retries count
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Budget(
      @Min(0) @Max(1) @JsonPropertyDescription("Retries per request, 0 to 1 (default 0.2).")
          Double ratio,
      @Min(0) @JsonPropertyDescription("Retries always allowed per second (default 10).")
          Integer minPerSecond,
      @Pattern(Durations.PATTERN)
          @JsonPropertyDescription("How far back requests and retries count (default 10s).")
          String window) {}
}
