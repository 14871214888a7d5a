package io.breakwater.controller.translate.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shape of every annotation's test: a table of texts, each either parsed to a value or refused
 * with a message containing some words. Subclasses give the annotation and the table.
 */
abstract class AnnotationTestCase<T> {

  /** One row: a text and either the value it parses to or a part of its error message. */
  record Row<T>(String text, T value, String error) {}

  abstract Annotation<T> annotation();

  abstract Stream<Row<T>> rows();

  static <T> Row<T> valid(String text, T value) {
    return new Row<>(text, value, null);
  }

  static <T> Row<T> invalid(String text, String error) {
    return new Row<>(text, null, error);
  }

  @TestFactory
  Stream<DynamicTest> parsesTheTable() {
    return rows()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    (row.error() == null ? "valid " : "invalid ") + "\"" + row.text() + "\"",
                    () -> check(row)));
  }

  @TestFactory
  Stream<DynamicTest> theTableHasValidAndInvalidRows() {
    return Stream.of(
        DynamicTest.dynamicTest(
            "valid rows", () -> assertThat(rows().filter(r -> r.error() == null)).isNotEmpty()),
        DynamicTest.dynamicTest(
            "invalid rows", () -> assertThat(rows().filter(r -> r.error() != null)).isNotEmpty()));
  }

  private void check(Row<T> row) {
    if (row.error() == null) {
      assertThat(annotation().parse(row.text())).isEqualTo(row.value());
    } else {
      assertThatThrownBy(() -> annotation().parse(row.text()))
          .isInstanceOf(InvalidValueException.class)
          .hasMessageContaining(row.error());
    }
  }
}
