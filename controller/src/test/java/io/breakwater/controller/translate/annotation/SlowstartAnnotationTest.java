package io.breakwater.controller.translate.annotation;

import java.time.Duration;
import java.util.stream.Stream;

class SlowstartAnnotationTest extends AnnotationTestCase<Duration> {

  @Override
  Annotation<Duration> annotation() {
    return Annotations.SLOWSTART;
  }

  @Override
  Stream<Row<Duration>> rows() {
    return Stream.of(
        valid("30s", Duration.ofSeconds(30)),
        valid("2m", Duration.ofMinutes(2)),
        invalid("0s", "expected: a duration > 0"),
        invalid("true", "is not a duration"));
  }
}
