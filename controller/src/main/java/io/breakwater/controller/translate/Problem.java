package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import java.util.Comparator;
import java.util.Objects;

/**
 * Something wrong with one object, found by translation. The sync loop turns problems into Events
 * on the object, log lines and a metric.
 *
 * @param object the object at fault (the one whose owner can fix it)
 * @param field where in the object, as a path such as {@code spec.rules[0].http.paths[1].path} or
 *     {@code metadata.annotations[breakwater.io/retries]}; empty for the object as a whole
 * @param message what is wrong, quoting the value and saying what was expected where that helps
 * @param severity how bad it is
 */
public record Problem(ObjectRef object, String field, String message, Severity severity)
    implements Comparable<Problem> {

  private static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::object)
          .thenComparing(Problem::field)
          .thenComparing(Problem::message)
          .thenComparing(Problem::severity);

  public Problem {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  /** {@code Severity Kind namespace/name: field: message}, one line. */
  @Override
  public String toString() {
    return severity.displayName()
        + " "
        + object
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }

  @Override
  public int compareTo(Problem o) {
    return ORDER.compare(this, o);
  }
}
