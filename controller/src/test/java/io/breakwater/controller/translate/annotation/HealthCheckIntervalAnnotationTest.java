package io.breakwater.controller.translate.annotation;

import java.time.Duration;
import java.util.stream.Stream;

class HealthCheckIntervalAnnotationTest extends AnnotationTestCase<Duration> {

  @Override
  Annotation<Duration> annotation() {
    return Annotations.HEALTH_CHECK_INTERVAL;
  }

  @Override
  Stream<Row<Duration>> rows() {
    return Stream.of(
        valid("2s", Duration.ofSeconds(2)),
        valid("500ms", Duration.ofMillis(500)),
        invalid("0ms", "expected: a duration > 0"),
        invalid("2 s", "is not a duration"),
        invalid("2sec", "is not a duration"));
  }
}
