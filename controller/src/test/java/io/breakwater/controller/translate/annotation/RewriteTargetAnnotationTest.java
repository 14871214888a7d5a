package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class RewriteTargetAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.REWRITE_TARGET;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("/", "/"),
        valid("/v2/api", "/v2/api"),
        invalid("v2", "a path starting with \"/\""),
        invalid("/a b", "without spaces"));
  }
}
