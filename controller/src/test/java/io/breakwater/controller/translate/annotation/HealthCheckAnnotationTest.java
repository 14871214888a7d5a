package io.breakwater.controller.translate.annotation;

import io.breakwater.controller.translate.annotation.BackendDraft.CheckMode;
import java.util.stream.Stream;

class HealthCheckAnnotationTest extends AnnotationTestCase<CheckMode> {

  @Override
  Annotation<CheckMode> annotation() {
    return Annotations.HEALTH_CHECK;
  }

  @Override
  Stream<Row<CheckMode>> rows() {
    return Stream.of(
        valid("tcp", CheckMode.TCP),
        valid("http", CheckMode.HTTP),
        valid("off", CheckMode.OFF),
        invalid("true", "expected: one of tcp, http, off"),
        invalid("HTTP", "did you mean \"http\"?"),
        invalid("grpc", "expected: one of tcp, http, off"));
  }
}
