package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class SslRedirectAnnotationTest extends AnnotationTestCase<Boolean> {

  @Override
  Annotation<Boolean> annotation() {
    return Annotations.SSL_REDIRECT;
  }

  @Override
  Stream<Row<Boolean>> rows() {
    return Stream.of(
        valid("true", true),
        valid("false", false),
        invalid("yes", "expected: true or false"),
        invalid("True", "expected: true or false"),
        invalid("1", "expected: true or false"));
  }
}
