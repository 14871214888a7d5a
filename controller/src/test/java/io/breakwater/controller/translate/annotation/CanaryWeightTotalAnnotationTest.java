package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryWeightTotalAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.CANARY_WEIGHT_TOTAL;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("1", 1),
        valid("100", 100),
        valid("1000", 1000),
        invalid("0", "expected: an integer >= 1"),
        invalid("ten", "expected: an integer >= 1"),
        invalid("99999999999", "expected: an integer >= 1"));
  }
}
