package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("5s", Duration.ofSeconds(5)),
        Arguments.of("1m", Duration.ofMinutes(1)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("0ms", Duration.ZERO),
        Arguments.of("1m30s", Duration.ofSeconds(90)),
        Arguments.of("1h5m", Duration.ofMinutes(65)),
        Arguments.of("2h0m1s500ms", Duration.ofMillis(7_201_500)),
        Arguments.of("1s500ms", Duration.ofMillis(1500)),
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("007s", Duration.ofSeconds(7)),
        Arguments.of("100000h", Duration.ofHours(100_000)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void parsesWholeNumbersWithUnits(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "is not a duration"),
        Arguments.of("5", "has no unit"),
        Arguments.of("1m30", "has no unit"),
        Arguments.of("-5s", "is negative"),
        Arguments.of("+5s", "is not a duration"),
        Arguments.of("1.5s", "whole numbers only"),
        Arguments.of("1,5s", "whole numbers only"),
        Arguments.of("5 seconds", "is not a duration"),
        Arguments.of("5 s", "is not a duration"),
        Arguments.of(" 5s", "is not a duration"),
        Arguments.of("5s ", "is not a duration"),
        Arguments.of("5sec", "is not a duration"),
        Arguments.of("5S", "is not a duration"),
        Arguments.of("5d", "is not a duration"),
        Arguments.of("5us", "is not a duration"),
        Arguments.of("PT5S", "is not a duration"),
        Arguments.of("s", "is not a duration"),
        Arguments.of("30s1m", "largest to smallest"),
        Arguments.of("1s1s", "largest to smallest"),
        Arguments.of("99999999999999999999h", "too large"),
        Arguments.of("9999999999999999h", "too large"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void rejectsWithTheTextAndAHint(String text, String reason) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessageStartingWith(Texts.quote(text))
        .withMessageContaining(reason);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void formatReadsBackAsTheSameDuration(String ignored, Duration d) {
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  static Stream<Arguments> formatted() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofMillis(250), "250ms"),
        Arguments.of(Duration.ofSeconds(90), "1m30s"),
        Arguments.of(Duration.ofHours(1), "1h"),
        Arguments.of(Duration.ofMillis(3_600_001), "1h1ms"),
        Arguments.of(Duration.ofNanos(1_500_000), "1ms"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("formatted")
  void formatsTheShortestCompound(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
  }
}
