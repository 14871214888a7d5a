package io.breakwater.controller.status;

import io.breakwater.controller.crd.PolicyStatus;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.PolicyAcceptance;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The status of a CircuitBreaker or RetryPolicy after a sync: a pure function of what translation
 * decided, how the sync ended, and the status the object has now (whose transition times are kept
 * while a condition's status stays the same).
 */
final class PolicyConditions {

  /** Programmed reason: the dataplane runs the policy. */
  static final String PROGRAMMED = "Programmed";

  /** Programmed reason: the last apply failed. */
  static final String APPLY_FAILED = "ApplyFailed";

  /** Programmed reason: the policy is not accepted, so nothing of it is applied. */
  static final String NOT_ACCEPTED = "NotAccepted";

  /**
   * Programmed reason: accepted, but no backend uses it (no served Ingress routes to its target).
   */
  static final String NO_BACKENDS = "NoBackends";

  /** How many backend names a Programmed message lists before "and N more". */
  static final int LISTED_BACKENDS = 5;

  /** The longest error text quoted in an ApplyFailed message. */
  static final int MAX_ERROR_LENGTH = 200;

  private PolicyConditions() {}

  /**
   * The status to write.
   *
   * @param acceptance translation's verdict on the policy
   * @param outcome how the sync ended
   * @param error why it failed, for {@link Outcome#FAILED}
   * @param current the object's status now, or {@code null}
   * @param now the transition time of a condition whose status changes
   */
  static PolicyStatus desired(
      PolicyAcceptance acceptance,
      Outcome outcome,
      Throwable error,
      PolicyStatus current,
      Instant now) {
    Long generation = acceptance.observedGeneration();
    Condition accepted =
        condition(
            PolicyStatus.ACCEPTED,
            acceptance.accepted(),
            acceptance.reason(),
            acceptance.message(),
            generation);
    Condition programmed;
    if (!acceptance.accepted()) {
      programmed =
          condition(
              PolicyStatus.PROGRAMMED,
              false,
              NOT_ACCEPTED,
              "not applied: the policy is not accepted",
              generation);
    } else if (outcome == Outcome.FAILED) {
      programmed =
          condition(
              PolicyStatus.PROGRAMMED,
              false,
              APPLY_FAILED,
              "the last apply to the dataplane failed"
                  + (error == null ? "" : ": " + abbreviate(String.valueOf(error.getMessage())))
                  + "; it is retried",
              generation);
    } else if (acceptance.backends().isEmpty()) {
      programmed =
          condition(
              PolicyStatus.PROGRAMMED,
              false,
              NO_BACKENDS,
              "no backend uses the policy: no served Ingress routes to its target",
              generation);
    } else {
      programmed =
          condition(
              PolicyStatus.PROGRAMMED,
              true,
              PROGRAMMED,
              "the dataplane runs it on " + describe(acceptance.backends()),
              generation);
    }
    List<Condition> old =
        current == null || current.conditions() == null ? List.of() : current.conditions();
    return new PolicyStatus(
        List.of(keepTransition(accepted, old, now), keepTransition(programmed, old, now)),
        generation);
  }

  /** The RFC 3339 form of {@code instant}, to the second, as Kubernetes writes times. */
  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static Condition condition(
      String type, boolean status, String reason, String message, Long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .build();
  }

  private static Condition keepTransition(Condition c, List<Condition> old, Instant now) {
    String since = format(now);
    for (Condition o : old) {
      if (c.getType().equals(o.getType())
          && c.getStatus().equals(o.getStatus())
          && o.getLastTransitionTime() != null) {
        since = o.getLastTransitionTime();
      }
    }
    c.setLastTransitionTime(since);
    return c;
  }

  private static String describe(List<String> backends) {
    int n = backends.size();
    String listed = String.join(", ", backends.subList(0, Math.min(n, LISTED_BACKENDS)));
    return (n == 1 ? "1 backend: " : n + " backends: ")
        + listed
        + (n > LISTED_BACKENDS ? " and " + (n - LISTED_BACKENDS) + " more" : "");
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
