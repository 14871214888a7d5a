package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Faults;
import java.util.stream.Stream;

class FaultAbortAnnotationTest extends AnnotationTestCase<Faults.Abort> {

  @Override
  Annotation<Faults.Abort> annotation() {
    return Annotations.FAULT_ABORT;
  }

  @Override
  Stream<Row<Faults.Abort>> rows() {
    return Stream.of(
        valid("5% 503", new Faults.Abort(5, 503)),
        valid("503", new Faults.Abort(100, 503)),
        valid("100% 200", new Faults.Abort(100, 200)),
        invalid("5% 199", "expected: an integer 200..599"),
        invalid("5% 600", "expected: an integer 200..599"),
        invalid("5%503", "expected: an optional percentage"),
        invalid("five% 503", "expected: a percentage 0..100"),
        invalid("", "expected: an optional percentage"));
  }
}
