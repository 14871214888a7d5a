package io.breakwater.dataplane.config;

import java.time.Duration;

/**
 * The config file's duration syntax: whole numbers with a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h}, optionally compounded from the largest unit down ({@code 1m30s}, {@code 1h5m}).
 *
 * <p>No decimals, no signs, no spaces and no bare numbers: a bare {@code 5} is more often a mistake
 * than a choice of unit, and HAProxy's default unit (milliseconds) surprises people who expect
 * seconds.
 */
public final class Durations {

  /** The hint appended to every syntax error, also used by the documentation. */
  static final String EXPECTED = "expected e.g. 250ms, 5s, 1m, 1h";

  private static final String[] UNITS = {"h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {3_600_000L, 60_000L, 1_000L, 1L};

  private Durations() {}

  /**
   * Parses {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 1h}. Zero ({@code 0s}) is accepted
   * here; whether zero is allowed depends on the key and is checked by {@link ConfigValidator}.
   *
   * @throws IllegalArgumentException when the text is not a duration; the message quotes the text
   *     and says what was expected
   */
  public static Duration parse(String text) {
    long[] millis = new long[1];
    String problem = parse(text, millis);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return Duration.ofMillis(millis[0]);
  }

  /**
   * The shortest text {@link #parse} reads back as the same duration: {@code 1m30s}, {@code 250ms},
   * {@code 0s}. Parts below a millisecond cannot be written in a config file and are dropped.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("duration: " + d + " (expected: >= 0)");
    }
    long millis = d.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < UNITS.length; u++) {
      long n = millis / UNIT_MILLIS[u];
      if (n > 0) {
        sb.append(n).append(UNITS[u]);
        millis -= n * UNIT_MILLIS[u];
      }
    }
    return sb.toString();
  }

  /** Why the text is not a duration, or {@code null} with the value stored in {@code out[0]}. */
  private static String parse(String text, long[] out) {
    String quoted = Texts.quote(text);
    if (text.startsWith("-")) {
      return quoted + " is negative (" + EXPECTED + ")";
    }
    if (text.isEmpty()) {
      return quoted + " is not a duration (" + EXPECTED + ")";
    }
    int i = 0;
    int lastUnit = -1;
    long millis = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        return quoted + " is not a duration (" + EXPECTED + ")";
      }
      if (i == text.length()) {
        return quoted + " has no unit (" + EXPECTED + ")";
      }
      if (text.charAt(i) == '.' || text.charAt(i) == ',') {
        return quoted + " is not a duration (whole numbers only; " + EXPECTED + ")";
      }
      int unit = unitAt(text, i);
      if (unit < 0) {
        return quoted + " is not a duration (" + EXPECTED + ")";
      }
      if (unit <= lastUnit) {
        return quoted + " is not a duration (units go from largest to smallest, e.g. 1m30s)";
      }
      try {
        long n = Long.parseLong(text.substring(start, i));
        millis = Math.addExact(millis, Math.multiplyExact(n, UNIT_MILLIS[unit]));
      } catch (NumberFormatException | ArithmeticException e) {
        return quoted + " is too large a duration";
      }
      lastUnit = unit;
      i += UNITS[unit].length();
    }
    out[0] = millis;
    return null;
  }

  /** Index into {@link #UNITS} of the unit at position i, or -1. "ms" must win over "m". */
  private static int unitAt(String text, int i) {
    if (text.startsWith("ms", i)) {
      return 3;
    }
    for (int u = 0; u < 3; u++) {
      if (text.startsWith(UNITS[u], i)) {
        return u;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
