package io.breakwater.controller.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramingTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "show info | 1",
        "show info; show stat | 2",
        "show info;show stat;help | 3",
        "show info; | 1",
        "; ; show info ;; | 1",
        "set var proc.x str(a\\;b) | 1",
        "echo a\\\\; echo b | 2",
      })
  void countsTheCommandsOnALine(String line, int expected) {
    assertThat(Framing.count(line)).isEqualTo(expected);
  }

  @Test
  void aLineEndsWithItsNewline() {
    assertThat(Framing.line("show info")).isEqualTo("show info\n");
  }

  @Test
  void aPayloadFollowsTheMarkAndEndsWithAnEmptyLine() {
    assertThat(Framing.withPayload("add map m", "k1 v1\nk2 v2"))
        .isEqualTo("add map m <<\nk1 v1\nk2 v2\n\n");
    assertThat(Framing.withPayload("add map m", "k1 v1\r\nk2 v2\r\n\n\n"))
        .as("CRLF and trailing line breaks")
        .isEqualTo("add map m <<\nk1 v1\nk2 v2\n\n");
    assertThat(Framing.withPayload("add map m", "")).isEqualTo("add map m <<\n\n");
  }

  @Test
  void aPayloadCannotHoldAnEmptyLine() {
    assertThatThrownBy(() -> Framing.withPayload("set ssl cert a.pem", "a\n\nb\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "payload: line 2 is empty (expected: no empty line; an empty line ends the payload)");
    assertThatThrownBy(() -> Framing.withPayload("x", "\nb"))
        .hasMessageStartingWith("payload: line 1 is empty");
  }

  @Test
  void aCommandIsOneNonBlankLine() {
    assertThatThrownBy(() -> Framing.line("show info\nshow stat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command: has a line break (expected: one line; send more lines as a payload)");
    assertThatThrownBy(() -> Framing.line("  "))
        .hasMessage("command: empty (expected: a Runtime API command)");
  }
}
