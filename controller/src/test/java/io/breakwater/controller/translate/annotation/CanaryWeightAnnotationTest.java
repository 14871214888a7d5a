package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryWeightAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.CANARY_WEIGHT;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("0", 0),
        valid("20", 20),
        valid("100", 100),
        valid("250", 250),
        invalid("-1", "expected: an integer >= 0"),
        invalid("20%", "expected: an integer >= 0"),
        invalid("0.5", "expected: an integer >= 0"),
        invalid("", "expected: an integer >= 0"));
  }
}
