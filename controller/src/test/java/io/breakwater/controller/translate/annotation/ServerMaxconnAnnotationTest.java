package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class ServerMaxconnAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.SERVER_MAXCONN;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("0", 0),
        valid("100", 100),
        valid("2147483647", Integer.MAX_VALUE),
        invalid("2147483648", "expected: an integer >= 0"),
        invalid("-1", "expected: an integer >= 0"),
        invalid("lots", "expected: an integer >= 0"));
  }
}
