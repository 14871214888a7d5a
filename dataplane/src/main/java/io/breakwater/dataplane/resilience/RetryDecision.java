package io.breakwater.dataplane.resilience;

import java.util.Objects;

/**
 * Whether to try a failed request again, and where; one shared instance per reason.
 *
 * @param retry try again
 * @param redispatch on another server (else on the same one)
 * @param reason why, for logs and counters
 */
public record RetryDecision(boolean retry, boolean redispatch, Reason reason) {

  public enum Reason {
    /** Retry on the server that failed (redispatch is off, or no other server is eligible). */
    SAME_SERVER,
    /** Retry on another eligible server. */
    OTHER_SERVER,
    /** Part of the response already reached the client. */
    RESPONSE_STARTED,
    /** The policy does not retry this failure kind or status. */
    NOT_ENABLED,
    /** The body is no longer held, so the request cannot be sent again. */
    BODY_NOT_HELD,
    /** A non-idempotent request reached the server and the policy does not replay those. */
    NOT_IDEMPOTENT,
    /** The policy's attempts are used up. */
    ATTEMPTS_EXHAUSTED,
    /** The retry budget is spent. */
    BUDGET_EXHAUSTED
  }

  private static final RetryDecision[] BY_REASON = new RetryDecision[Reason.values().length];

  static {
    for (Reason r : Reason.values()) {
      BY_REASON[r.ordinal()] =
          new RetryDecision(
              r == Reason.SAME_SERVER || r == Reason.OTHER_SERVER, r == Reason.OTHER_SERVER, r);
    }
  }

  public RetryDecision {
    Objects.requireNonNull(reason, "reason");
  }

  /** The decision a reason implies. */
  public static RetryDecision of(Reason reason) {
    return BY_REASON[reason.ordinal()];
  }
}
