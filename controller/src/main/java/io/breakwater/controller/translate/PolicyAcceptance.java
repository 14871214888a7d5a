package io.breakwater.controller.translate;

import java.util.List;
import java.util.Objects;

/**
 * The {@code Accepted} condition translation computes for a CircuitBreaker or RetryPolicy. The sync
 * writes it (with a transition time, which translation has no clock for) and adds {@code
 * Programmed} once the dataplane runs the backends listed here.
 *
 * @param accepted the spec is valid, its target exists and no older policy claims the same target
 * @param reason {@value #ACCEPTED}, {@value #INVALID}, {@value #TARGET_NOT_FOUND} or {@value
 *     #CONFLICTED} (Gateway API's policy reasons)
 * @param message for people
 * @param observedGeneration the policy's {@code metadata.generation} this describes
 * @param backends the backends the policy applies to now, sorted; empty when it applies nowhere
 */
public record PolicyAcceptance(
    boolean accepted,
    String reason,
    String message,
    Long observedGeneration,
    List<String> backends) {

  public static final String ACCEPTED = "Accepted";
  public static final String INVALID = "Invalid";
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String CONFLICTED = "Conflicted";

  public PolicyAcceptance {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    backends = List.copyOf(backends);
  }
}
