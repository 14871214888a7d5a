package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CircuitBreakerAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.CIRCUIT_BREAKER;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("api-breaker", "api-breaker"),
        valid("a", "a"),
        valid("v1.api", "v1.api"),
        invalid("My-Policy", "expected: the name of an object in the same namespace"),
        invalid("-policy", "expected: the name of an object"),
        invalid("shop/policy", "expected: the name of an object"),
        invalid("", "expected: the name of an object"));
  }
}
