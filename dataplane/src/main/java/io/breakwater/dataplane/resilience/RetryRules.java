package io.breakwater.dataplane.resilience;

import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.resilience.AttemptFacts.Body;
import io.breakwater.dataplane.resilience.RetryDecision.Reason;

/**
 * The replay-safety rule, stated once. A failed attempt is retried only if all of these hold:
 *
 * <ol>
 *   <li>no byte of the response has reached the client (HAProxy retries before forwarding anything;
 *       after that a retry would splice two responses);
 *   <li>the policy retries this failure: its kind is in {@code on}, or its status in {@code
 *       statuses};
 *   <li>the request can be sent again: it has no body, or the whole body is held (complete before
 *       sending began, and within {@code bufferLimit});
 *   <li>a non-idempotent request (RFC 9110 §9.2.2) is retried only if none of it was sent, unless
 *       {@code retryNonIdempotent}: a POST the server may have acted on is not sent twice;
 *   <li>fewer than {@code attempts} retries were made.
 * </ol>
 *
 * The retry goes to another eligible server when {@code redispatch} is on and one exists, never
 * back to the one that failed; otherwise to the same server. The first rule that fails names the
 * reason. Budget, backoff and per-try timeout are separate: {@link #decide(AttemptFacts, Retries,
 * RetryBudget)} charges the budget only for a retry the rule allows.
 */
public final class RetryRules {

  private RetryRules() {}

  public static RetryDecision decide(AttemptFacts f, Retries policy) {
    if (f.responseStarted()) {
      return RetryDecision.of(Reason.RESPONSE_STARTED);
    }
    if (!enabled(f, policy)) {
      return RetryDecision.of(Reason.NOT_ENABLED);
    }
    if (f.body() == Body.NOT_HELD) {
      return RetryDecision.of(Reason.BODY_NOT_HELD);
    }
    if (f.requestSent() && !f.idempotent() && !policy.retryNonIdempotent()) {
      return RetryDecision.of(Reason.NOT_IDEMPOTENT);
    }
    if (f.retries() >= policy.attempts()) {
      return RetryDecision.of(Reason.ATTEMPTS_EXHAUSTED);
    }
    return RetryDecision.of(
        policy.redispatch() && f.otherServer() ? Reason.OTHER_SERVER : Reason.SAME_SERVER);
  }

  /** {@link #decide(AttemptFacts, Retries)}, then a retry it allows must fit in the budget. */
  public static RetryDecision decide(AttemptFacts f, Retries policy, RetryBudget budget) {
    RetryDecision d = decide(f, policy);
    return d.retry() && !budget.tryAcquireRetry() ? RetryDecision.of(Reason.BUDGET_EXHAUSTED) : d;
  }

  /** Whether the policy retries this kind of failure. */
  static boolean enabled(AttemptFacts f, Retries policy) {
    return switch (f.failure()) {
      case CONNECT_FAILED -> policy.on().contains(Retries.On.CONN_FAILURE);
      case EMPTY_RESPONSE -> policy.on().contains(Retries.On.EMPTY_RESPONSE);
      case JUNK_RESPONSE -> policy.on().contains(Retries.On.JUNK_RESPONSE);
      case RESPONSE_TIMEOUT -> policy.on().contains(Retries.On.RESPONSE_TIMEOUT);
      case STATUS -> policy.statuses().contains(f.status());
    };
  }

  /**
   * Whether a method is idempotent by RFC 9110 §9.2.2: GET, HEAD, OPTIONS, TRACE, PUT, DELETE.
   * Method names are case-sensitive (§9.1), so {@code "get"} is not GET.
   */
  public static boolean idempotent(String method) {
    if (method == null) {
      return false;
    }
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }
}
