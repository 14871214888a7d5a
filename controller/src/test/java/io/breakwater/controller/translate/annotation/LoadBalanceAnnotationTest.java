package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Balance;
import java.util.stream.Stream;

class LoadBalanceAnnotationTest extends AnnotationTestCase<Balance> {

  @Override
  Annotation<Balance> annotation() {
    return Annotations.LOAD_BALANCE;
  }

  @Override
  Stream<Row<Balance>> rows() {
    return Stream.of(
        valid("roundrobin", Balance.ROUNDROBIN),
        valid("leastconn", Balance.LEASTCONN),
        valid("random", Balance.RANDOM),
        valid("source", Balance.SOURCE),
        valid(" uri\n", Balance.URI),
        invalid("least_conn", "did you mean \"leastconn\"?"),
        invalid("RoundRobin", "did you mean \"roundrobin\"?"),
        invalid("ewma", "expected: one of roundrobin, leastconn, random, source, uri"),
        invalid("", "expected: one of"));
  }
}
