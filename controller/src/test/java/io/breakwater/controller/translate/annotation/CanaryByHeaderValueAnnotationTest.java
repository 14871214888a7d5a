package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryByHeaderValueAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.CANARY_BY_HEADER_VALUE;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("always", "always"),
        valid("v2 beta", "v2 beta"),
        invalid("", "expected: a header value without control characters"),
        invalid("a\u0001b", "expected: a header value without control characters"));
  }
}
