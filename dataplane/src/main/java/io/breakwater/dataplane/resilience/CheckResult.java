package io.breakwater.dataplane.resilience;

import java.util.Objects;

/**
 * The result of one health check, or of a failure injected by passive observation ({@link
 * CheckStatus#HANA}).
 *
 * @param status the result code
 * @param info detail, e.g. "Connection refused" or "HTTP status 503"; {@code null} if none
 * @param durationNanos how long the check took (0 for injected failures)
 * @param atNanos when it completed, on the state's ticker
 */
public record CheckResult(CheckStatus status, String info, long durationNanos, long atNanos) {
  public CheckResult {
    Objects.requireNonNull(status, "status");
  }

  public boolean passed() {
    return status.passed();
  }

  /** HAProxy's log wording: the description, then the info if any. */
  public String summary() {
    return info == null ? status.description() : status.description() + ", info: " + info;
  }
}
