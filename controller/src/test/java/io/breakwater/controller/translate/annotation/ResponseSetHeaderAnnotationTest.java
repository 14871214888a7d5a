package io.breakwater.controller.translate.annotation;

import java.util.Map;
import java.util.stream.Stream;

class ResponseSetHeaderAnnotationTest extends AnnotationTestCase<Map<String, String>> {

  @Override
  Annotation<Map<String, String>> annotation() {
    return Annotations.RESPONSE_SET_HEADER;
  }

  @Override
  Stream<Row<Map<String, String>>> rows() {
    return Stream.of(
        valid("X-Team: shop", Map.of("X-Team", "shop")),
        valid("X-A: 1\n\nX-B:  two words \n", Map.of("X-A", "1", "X-B", "two words")),
        valid("X-Empty:", Map.of("X-Empty", "")),
        invalid("X-Team shop", "one header per line, as Name: value"),
        invalid("Bad Name: x", "one header per line"),
        invalid("X-A: \u0001", "one header per line"),
        invalid("\n\n", "at least one header"));
  }
}
