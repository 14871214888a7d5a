package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class HealthCheckFallAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.HEALTH_CHECK_FALL;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("1", 1),
        valid("3", 3),
        valid("100", 100),
        invalid("0", "expected: an integer 1..100"),
        invalid("101", "expected: an integer 1..100"),
        invalid("-1", "expected: an integer 1..100"),
        invalid("two", "expected: an integer 1..100"),
        invalid("99999999999", "expected: an integer 1..100"));
  }
}
