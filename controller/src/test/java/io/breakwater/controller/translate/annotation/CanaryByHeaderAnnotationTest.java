package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryByHeaderAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.CANARY_BY_HEADER;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("X-Canary", "X-Canary"),
        valid("x-version", "x-version"),
        invalid("X Canary", "expected: a header name"),
        invalid("X-Canary:", "expected: a header name"),
        invalid("", "expected: a header name"));
  }
}
