package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A circuit breaker's policy, used per backend ({@code circuitBreaker}) and per server ({@code
 * outlierDetection}). CLOSED → OPEN when, over the sliding window, the failure rate reaches {@code
 * failureRateThreshold} with at least {@code minimumRequests} calls, or {@code consecutiveFailures}
 * failures come in a row, or the rate of calls slower than {@code slowCallDuration} reaches {@code
 * slowCallRateThreshold}. OPEN lasts {@code openDuration}, doubling with each consecutive trip up
 * to {@code maxOpenDuration}; then HALF_OPEN lets {@code halfOpenRequests} probes through: all
 * succeed → CLOSED, one fails → OPEN again.
 *
 * @param windowType {@code time}: the last {@code window}; {@code count}: the last {@code
 *     windowSize} calls
 * @param window length of a time window (default 10s)
 * @param windowSize calls in a count window (default 100)
 * @param failureRateThreshold percent, 1..100 (default 50)
 * @param minimumRequests calls in the window before rates count (default 20)
 * @param consecutiveFailures failures in a row that trip it; 0 = off (default 0)
 * @param slowCallRateThreshold percent, 1..100 (default 100)
 * @param slowCallDuration a call slower than this is slow; {@code null} = slow calls are not
 *     counted
 * @param openDuration first open period (default 30s)
 * @param maxOpenDuration cap of the growing open period (default 5m)
 * @param halfOpenRequests probes let through in HALF_OPEN (default 5)
 * @param maxEjectionPercent outlier detection only: at most this share of a backend's servers is
 *     open at once (default 50); past it, traffic spreads over all servers (panic)
 */
public record Breaker(
    WindowType windowType,
    Duration window,
    int windowSize,
    int failureRateThreshold,
    int minimumRequests,
    int consecutiveFailures,
    int slowCallRateThreshold,
    Duration slowCallDuration,
    Duration openDuration,
    Duration maxOpenDuration,
    int halfOpenRequests,
    int maxEjectionPercent) {

  /** Sliding-window kinds. */
  public enum WindowType {
    TIME,
    COUNT;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Breaker DEFAULT =
      new Breaker(
          WindowType.TIME,
          Duration.ofSeconds(10),
          100,
          50,
          20,
          0,
          100,
          null,
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          5,
          50);

  public Breaker {
    Objects.requireNonNull(windowType, "windowType");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(openDuration, "openDuration");
    Objects.requireNonNull(maxOpenDuration, "maxOpenDuration");
  }
}
