package io.breakwater.controller.translate.annotation;

import java.time.Duration;
import java.util.stream.Stream;

class RetryPerTryTimeoutAnnotationTest extends AnnotationTestCase<Duration> {

  @Override
  Annotation<Duration> annotation() {
    return Annotations.RETRY_PER_TRY_TIMEOUT;
  }

  @Override
  Stream<Row<Duration>> rows() {
    return Stream.of(
        valid("2s", Duration.ofSeconds(2)),
        valid("1500ms", Duration.ofMillis(1500)),
        invalid("0s", "expected: a duration > 0"),
        invalid("2", "has no unit"));
  }
}
