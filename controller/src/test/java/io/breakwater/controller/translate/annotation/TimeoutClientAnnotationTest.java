package io.breakwater.controller.translate.annotation;

import java.time.Duration;
import java.util.stream.Stream;

class TimeoutClientAnnotationTest extends AnnotationTestCase<Duration> {

  @Override
  Annotation<Duration> annotation() {
    return Annotations.TIMEOUT_CLIENT;
  }

  @Override
  Stream<Row<Duration>> rows() {
    return Stream.of(
        valid("250ms", Duration.ofMillis(250)),
        valid("5s", Duration.ofSeconds(5)),
        valid("1m30s", Duration.ofSeconds(90)),
        valid("1h", Duration.ofHours(1)),
        invalid("0s", "expected: a duration > 0"),
        invalid("5", "has no unit"),
        invalid("1.5s", "whole numbers only"),
        invalid("-1s", "is negative"),
        invalid("30s1m", "units go from largest to smallest"),
        invalid("", "is not a duration"));
  }
}
