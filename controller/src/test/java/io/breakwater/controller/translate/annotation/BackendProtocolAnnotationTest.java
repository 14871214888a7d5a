package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class BackendProtocolAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.BACKEND_PROTOCOL;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("http", "http"),
        valid("h2c", "h2c"),
        valid("https", "https"),
        invalid("HTTPS", "did you mean \"https\"?"),
        invalid("grpc", "expected: one of http, h2c, https"));
  }
}
