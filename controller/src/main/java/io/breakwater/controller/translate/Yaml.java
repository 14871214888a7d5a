package io.breakwater.controller.translate;

import io.breakwater.dataplane.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Just enough YAML for {@link TranslationWriter}: flow maps and lists on one line, plain scalars
 * where YAML reads them back as the same string, double quotes elsewhere.
 */
final class Yaml {

  /** Characters a plain scalar may hold anywhere, in a flow collection too. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./@:+=-]*");

  /** Plain text YAML would read as something other than a string. */
  private static final Pattern NOT_A_STRING =
      Pattern.compile(
          "(?i)(true|false|yes|no|on|off|y|n|null|~)"
              + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])*"
              + "|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9]+[eE][-+]?[0-9]+"
              + "|0x[0-9a-fA-F_]+|0o?[0-7_]+|\\.(inf|nan)");

  private Yaml() {}

  /**
   * A value in flow style: a {@link Map} as {@code {k: v}}, a {@link List} as {@code [a, b]}, a
   * {@link Duration} in the config's syntax, numbers without a needless {@code .0}, strings plain
   * or quoted.
   */
  static String flow(Object value) {
    if (value instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      m.forEach((k, v) -> j.add(scalar(k.toString()) + ": " + flow(v)));
      return j.toString();
    }
    if (value instanceof List<?> l) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      l.forEach(v -> j.add(flow(v)));
      return j.toString();
    }
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Double d) {
      return d == Math.rint(d) && !d.isInfinite() ? Long.toString(d.longValue()) : d.toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return scalar(String.valueOf(value));
  }

  /** A string that YAML reads back as itself. */
  static String scalar(String s) {
    if (PLAIN.matcher(s).matches() && !NOT_A_STRING.matcher(s).matches() && !s.endsWith(":")) {
      return s;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
