package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryAnnotationTest extends AnnotationTestCase<Boolean> {

  @Override
  Annotation<Boolean> annotation() {
    return Annotations.CANARY;
  }

  @Override
  Stream<Row<Boolean>> rows() {
    return Stream.of(
        valid("true", true),
        valid("false", false),
        valid(" true ", true),
        invalid("yes", "expected: true or false"),
        invalid("TRUE", "expected: true or false"),
        invalid("", "expected: true or false"));
  }
}
