package io.breakwater.dataplane.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EchoQueryTest {

  @Test
  void noQueryMeansPlainJsonAnswer() {
    assertThat(EchoQuery.parse("/a/b")).isEqualTo(EchoQuery.DEFAULT);
    assertThat(EchoQuery.DEFAULT.hasSize()).isFalse();
  }

  @Test
  void unknownParametersAreIgnored() {
    assertThat(EchoQuery.parse("/?cachebust=123&x")).isEqualTo(EchoQuery.DEFAULT);
  }

  @Test
  void readsEveryKnownParameter() {
    assertThat(EchoQuery.parse("/p?status=503&delay=2s&size=10k&chunked=1&close=true"))
        .isEqualTo(new EchoQuery(503, 2_000, 10_240, true, false, true));
    assertThat(EchoQuery.parse("/p?echo=body").echoBody()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"200ms,200", "15,15", "2s,2000", "1m,60000", "1h,3600000", "0,0"})
  void delayTakesDurations(String value, long millis) {
    assertThat(EchoQuery.parse("/?delay=" + value).delayMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({"0,0", "100,100", "1k,1024", "64M,67108864", "1g,1073741824"})
  void sizeTakesBinarySuffixes(String value, long bytes) {
    assertThat(EchoQuery.parse("/?size=" + value).size()).isEqualTo(bytes);
  }

  @Test
  void theLastValueOfARepeatedParameterWins() {
    assertThat(EchoQuery.parse("/?status=201&status=202").status()).isEqualTo(202);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "status=abc        | status: abc (expected: 200 to 599)",
        "status=101        | status: 101 (expected: 200 to 599)",
        "status=600        | status: 600 (expected: 200 to 599)",
        "delay=soon        | delay: soon (expected: a duration such as 200ms, 2s or 1m, at most 1h)",
        "delay=2h          | delay: 2h (expected: a duration such as 200ms, 2s or 1m, at most 1h)",
        "delay=-5ms        | delay: -5ms (expected: a duration such as 200ms, 2s or 1m, at most 1h)",
        "size=-1           | size: -1 (expected: a byte count, optionally with a k, m or g suffix)",
        "size=9999999999g  | size: 9999999999g (expected: a byte count, optionally with a k, m or g suffix)",
        "chunked=maybe     | chunked: maybe (expected: 1 or 0)",
        "echo=headers      | echo: headers (expected: body)",
        "echo=body&size=10 | echo=body and size: cannot be combined"
      })
  void refusesBadValuesNamingTheParameterAndTheExpectation(String query, String message) {
    assertThatThrownBy(() -> EchoQuery.parse("/?" + query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
