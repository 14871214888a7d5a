package io.breakwater.controller.translate.annotation;

import java.util.List;
import java.util.stream.Stream;

class AllowListAnnotationTest extends AnnotationTestCase<List<String>> {

  @Override
  Annotation<List<String>> annotation() {
    return Annotations.ALLOW_LIST;
  }

  @Override
  Stream<Row<List<String>>> rows() {
    return Stream.of(
        valid("10.0.0.0/8", List.of("10.0.0.0/8")),
        valid("192.168.1.10, fd00::/8", List.of("192.168.1.10", "fd00::/8")),
        valid("::1,::ffff:10.0.0.1/128", List.of("::1", "::ffff:10.0.0.1/128")),
        valid("2001:db8:0:0:0:0:0:1/64", List.of("2001:db8:0:0:0:0:0:1/64")),
        invalid("10.0.0.0/33", "IPv4 or IPv6 addresses or CIDR ranges"),
        invalid("10.0.0/8", "IPv4 or IPv6 addresses"),
        invalid("256.0.0.1", "IPv4 or IPv6 addresses"),
        invalid("fd00::1::2", "IPv4 or IPv6 addresses"),
        invalid("fd00::/129", "IPv4 or IPv6 addresses"),
        invalid("1:2:3:4:5:6:7", "IPv4 or IPv6 addresses"),
        invalid("example.com", "IPv4 or IPv6 addresses"),
        invalid("10.0.0.1,", "IPv4 or IPv6 addresses"));
  }
}
