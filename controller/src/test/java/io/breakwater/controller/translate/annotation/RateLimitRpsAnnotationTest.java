package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class RateLimitRpsAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.RATE_LIMIT_RPS;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("1", 1),
        valid("100", 100),
        invalid("0", "expected: an integer >= 1"),
        invalid("10/s", "expected: an integer >= 1"));
  }
}
