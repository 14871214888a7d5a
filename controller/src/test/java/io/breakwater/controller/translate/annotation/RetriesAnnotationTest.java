package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class RetriesAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.RETRIES;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("0", 0),
        valid("3", 3),
        valid("100", 100),
        invalid("101", "expected: an integer 0..100"),
        invalid("3.0", "expected: an integer 0..100"),
        invalid("+3", "expected: an integer 0..100"),
        invalid("", "expected: an integer 0..100"));
  }
}
