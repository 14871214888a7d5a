package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Texts;

/**
 * An annotation value (or a policy field) that cannot be used. The message quotes the value and
 * says what was expected, as the dataplane's config errors do: {@code "x" (expected: an integer
 * 0..100)}.
 */
public final class InvalidValueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message, null, false, false);
  }

  /** The standard message: the quoted value and what was expected. */
  static InvalidValueException expected(String value, String expected) {
    return new InvalidValueException(Texts.quote(value) + " (expected: " + expected + ")");
  }
}
