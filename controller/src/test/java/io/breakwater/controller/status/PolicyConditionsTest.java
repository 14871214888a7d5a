package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.breakwater.controller.crd.PolicyStatus;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.PolicyAcceptance;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Accepted and Programmed conditions a policy gets from one sync. */
class PolicyConditionsTest {

  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.750Z");
  private static final Instant T1 = Instant.parse("2026-11-01T10:05:00Z");

  private static final PolicyAcceptance APPLIED =
      new PolicyAcceptance(true, "Accepted", "ok", 3L, List.of("shop/api/80"));

  @Test
  void anAcceptedPolicyOnABackendIsProgrammed() {
    PolicyStatus s = PolicyConditions.desired(APPLIED, Outcome.FULL, null, null, T0);

    assertThat(s.observedGeneration()).isEqualTo(3L);
    assertThat(s.conditions())
        .extracting(
            Condition::getType,
            Condition::getStatus,
            Condition::getReason,
            Condition::getMessage,
            Condition::getObservedGeneration,
            Condition::getLastTransitionTime)
        .containsExactly(
            tuple("Accepted", "True", "Accepted", "ok", 3L, "2026-11-01T10:00:00Z"),
            tuple(
                "Programmed",
                "True",
                "Programmed",
                "the dataplane runs it on 1 backend: shop/api/80",
                3L,
                "2026-11-01T10:00:00Z"));
  }

  @Test
  void programmedSaysWhyNot() {
    PolicyAcceptance invalid =
        new PolicyAcceptance(false, "Invalid", "spec.window: bad", 1L, List.of());
    PolicyAcceptance unused = new PolicyAcceptance(true, "Accepted", "ok", 1L, List.of());

    assertThat(programmed(PolicyConditions.desired(invalid, Outcome.FULL, null, null, T0)))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "NotAccepted");
    assertThat(programmed(PolicyConditions.desired(unused, Outcome.FULL, null, null, T0)))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "NoBackends");
    Condition failed =
        programmed(
            PolicyConditions.desired(
                APPLIED, Outcome.FAILED, new IllegalStateException("socket gone"), null, T0));
    assertThat(failed.getReason()).isEqualTo("ApplyFailed");
    assertThat(failed.getMessage()).contains("socket gone");
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
    PolicyStatus first = PolicyConditions.desired(APPLIED, Outcome.FULL, null, null, T0);
    PolicyStatus failed =
        PolicyConditions.desired(APPLIED, Outcome.FAILED, new RuntimeException("x"), first, T1);

    assertThat(failed.conditions())
        .extracting(Condition::getType, Condition::getLastTransitionTime)
        .containsExactly(
            tuple("Accepted", "2026-11-01T10:00:00Z"), tuple("Programmed", "2026-11-01T10:05:00Z"));
    assertThat(PolicyConditions.desired(APPLIED, Outcome.FULL, null, first, T1)).isEqualTo(first);
  }

  @Test
  void manyBackendsAreListedUpToALimit() {
    List<String> backends = List.of("a/a/1", "b/b/1", "c/c/1", "d/d/1", "e/e/1", "f/f/1", "g/g/1");
    PolicyAcceptance wide = new PolicyAcceptance(true, "Accepted", "ok", 1L, backends);

    assertThat(
            programmed(PolicyConditions.desired(wide, Outcome.FULL, null, null, T0)).getMessage())
        .isEqualTo(
            "the dataplane runs it on 7 backends: a/a/1, b/b/1, c/c/1, d/d/1, e/e/1 and 2 more");
  }

  private static Condition programmed(PolicyStatus s) {
    return s.conditions().get(1);
  }
}
