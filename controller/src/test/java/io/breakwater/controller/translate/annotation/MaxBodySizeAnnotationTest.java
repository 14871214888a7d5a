package io.breakwater.controller.translate.annotation;

import java.util.stream.Stream;

class MaxBodySizeAnnotationTest extends AnnotationTestCase<Integer> {

  @Override
  Annotation<Integer> annotation() {
    return Annotations.MAX_BODY_SIZE;
  }

  @Override
  Stream<Row<Integer>> rows() {
    return Stream.of(
        valid("0", 0),
        valid("1048576", 1048576),
        valid("512k", 512 * 1024),
        valid("8m", 8 << 20),
        valid("8M", 8 << 20),
        valid("1g", 1 << 30),
        valid("2147483647", Integer.MAX_VALUE),
        invalid("2g", "expected: a size in bytes"),
        invalid("9999999999g", "expected: a size in bytes"),
        invalid("2097152k", "expected: a size in bytes"),
        valid("2097151k", 2097151 * 1024),
        invalid("2147483648", "expected: a size in bytes"),
        invalid("-1", "expected: a size in bytes"),
        invalid("m", "expected: a size in bytes"),
        invalid("8mb", "expected: a size in bytes"),
        invalid("1.5m", "expected: a size in bytes"),
        invalid("lots", "expected: a size in bytes"));
  }
}
