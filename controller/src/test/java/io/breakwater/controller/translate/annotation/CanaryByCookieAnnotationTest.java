package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class CanaryByCookieAnnotationTest extends AnnotationTestCase<String> {

  @Override
  Annotation<String> annotation() {
    return Annotations.CANARY_BY_COOKIE;
  }

  @Override
  Stream<Row<String>> rows() {
    return Stream.of(
        valid("canary", "canary"),
        valid("beta_users", "beta_users"),
        invalid("can ary", "expected: a cookie name"),
        invalid("a=b", "expected: a cookie name"),
        invalid("", "expected: a cookie name"));
  }
}
