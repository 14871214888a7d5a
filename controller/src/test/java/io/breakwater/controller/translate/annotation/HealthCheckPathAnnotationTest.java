package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class HealthCheckPathAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.HEALTH_CHECK_PATH;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("/healthz", "/healthz"),
        valid("/", "/"),
        valid("/ready?verbose=1", "/ready?verbose=1"),
        invalid("healthz", "a path starting with \"/\""),
        invalid("/health z", "without spaces"),
        invalid("", "a path starting with"));
  }
}
