package io.breakwater.controller.crd;

/** The duration syntax of the dataplane config, as a CRD schema pattern. */
final class Durations {

  /**
   * Whole numbers with {@code h}, {@code m}, {@code s} or {@code ms}, from the largest unit down:
   * {@code 250ms}, {@code 5s}, {@code 1m30s}. Written for RE2 (the API server's regex engine, which
   * has no lookahead), so the non-empty rule is an alternation on the first unit.
   */
  static final String PATTERN =
      "^([0-9]+h([0-9]+m)?([0-9]+s)?([0-9]+ms)?"
          + "|[0-9]+m([0-9]+s)?([0-9]+ms)?"
          + "|[0-9]+s([0-9]+ms)?"
          + "|[0-9]+ms)$";

  private Durations() {}
}
