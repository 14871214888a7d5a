package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Retries.On;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

class RetryOnAnnotationTest extends AnnotationTestCase<RetryOn> {

  @Override
  Annotation<RetryOn> annotation() {
    return Annotations.RETRY_ON;
  }

  @Override
  Stream<Row<RetryOn>> rows() {
    return Stream.of(
        valid("conn-failure", new RetryOn(Set.of(On.CONN_FAILURE), Set.of())),
        valid(
            "conn-failure, empty-response,503",
            new RetryOn(Set.of(On.CONN_FAILURE, On.EMPTY_RESPONSE), Set.of(503))),
        valid(
            "all-retryable-errors",
            new RetryOn(EnumSet.allOf(On.class), Set.of(500, 502, 503, 504))),
        valid("none", new RetryOn(Set.of(), Set.of())),
        valid("429,response-timeout", new RetryOn(Set.of(On.RESPONSE_TIMEOUT), Set.of(429))),
        invalid("418", "418 is not a retryable status"),
        invalid("conn-failures", "did you mean conn-failure?"),
        invalid("none,503", "\"none\" cannot be combined"),
        invalid("5xx", "is not a retry-on keyword or status"),
        invalid("", "no conditions"));
  }
}
