package io.breakwater.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.accesslog.Termination.Cause;
import io.breakwater.dataplane.accesslog.Termination.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TerminationTest {

  @ParameterizedTest
  @CsvSource({
    "--, NONE, DONE",
    "CR, CLIENT_ABORT, REQUEST",
    "cR, CLIENT_TIMEOUT, REQUEST",
    "PR, PROXY, REQUEST",
    "sQ, SERVER_TIMEOUT, QUEUE",
    "SC, SERVER_ABORT, CONNECT",
    "RC, RESOURCE, CONNECT",
    "sH, SERVER_TIMEOUT, HEADERS",
    "CD, CLIENT_ABORT, DATA",
  })
  void codesReadAndWriteBothWays(String code, Cause cause, Phase phase) {
    Termination t = Termination.parse(code);
    assertThat(t).isEqualTo(new Termination(cause, phase));
    assertThat(t.code()).isEqualTo(code);
    assertThat(t).hasToString(code);
  }

  @Test
  void everyCauseAndPhaseHasItsOwnCharacter() {
    for (Cause c : Cause.values()) {
      for (Phase p : Phase.values()) {
        Termination t = Termination.of(c, p);
        assertThat(Termination.parse(t.code())).isEqualTo(t);
      }
    }
    assertThat(Termination.of(Cause.NONE, Phase.DONE)).isSameAs(Termination.NORMAL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "---", "XR", "Cx", "cr"})
  void rejectsWhatIsNotACode(String code) {
    assertThatThrownBy(() -> Termination.parse(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("termination: \"" + code + "\"")
        .hasMessageContaining("expected");
  }
}
