package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The problems of one translation: each reported once, listed sorted. */
final class Problems {

  private final Set<Problem> problems = new TreeSet<>();

  void error(ObjectRef object, String field, String message) {
    problems.add(new Problem(object, field, message, Severity.ERROR));
  }

  void warning(ObjectRef object, String field, String message) {
    problems.add(new Problem(object, field, message, Severity.WARNING));
  }

  List<Problem> sorted() {
    return List.copyOf(problems);
  }
}
