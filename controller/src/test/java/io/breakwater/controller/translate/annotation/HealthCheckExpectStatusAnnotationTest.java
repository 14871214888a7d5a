package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.StatusRange;
import java.util.List;
import java.util.stream.Stream;

class HealthCheckExpectStatusAnnotationTest extends AnnotationTestCase<List<StatusRange>> {

  @Override
  Annotation<List<StatusRange>> annotation() {
    return Annotations.HEALTH_CHECK_EXPECT_STATUS;
  }

  @Override
  Stream<Row<List<StatusRange>>> rows() {
    return Stream.of(
        valid("200", List.of(new StatusRange(200, 200))),
        valid("200,300-399", List.of(new StatusRange(200, 200), new StatusRange(300, 399))),
        valid("200 , 204", List.of(new StatusRange(200, 200), new StatusRange(204, 204))),
        invalid("2xx", "expected: statuses such as 200 or ranges such as 200-399"),
        invalid("399-300", "expected: ranges from low to high"),
        invalid("600", "expected: statuses such as 200"),
        invalid("200,", "expected: statuses such as 200"),
        invalid("", "expected: statuses such as 200"));
  }
}
