package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Faults;
import java.time.Duration;
import java.util.stream.Stream;

class FaultDelayAnnotationTest extends AnnotationTestCase<Faults.Delay> {

  @Override
  Annotation<Faults.Delay> annotation() {
    return Annotations.FAULT_DELAY;
  }

  @Override
  Stream<Row<Faults.Delay>> rows() {
    return Stream.of(
        valid("10% 2s", new Faults.Delay(10, Duration.ofSeconds(2))),
        valid("0.5%   100ms", new Faults.Delay(0.5, Duration.ofMillis(100))),
        valid("2s", new Faults.Delay(100, Duration.ofSeconds(2))),
        valid("0% 1s", new Faults.Delay(0, Duration.ofSeconds(1))),
        invalid("101% 2s", "expected: a percentage 0..100"),
        invalid("10 2s", "expected: an optional percentage, then a duration"),
        invalid("10%", "expected: an optional percentage, then a duration"),
        invalid("10% 0s", "expected: a duration > 0"),
        invalid("10% 2s extra", "expected: an optional percentage"),
        invalid("-5% 2s", "expected: a percentage 0..100"));
  }
}
