package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Durations;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value syntaxes annotations share, each a parser that throws {@link InvalidValueException}
 * with the dataplane's message style. Also used for the string fields of the policy resources.
 */
public final class Values {

  private Values() {}

  /** A duration in the config's syntax ({@code 250ms}, {@code 5s}, {@code 1m30s}), above zero. */
  public static Duration positiveDuration(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(e.getMessage());
    }
    if (d.isZero()) {
      throw InvalidValueException.expected(text, "a duration > 0, e.g. 250ms, 5s, 1m");
    }
    return d;
  }

  /** A whole number within {@code min..max}. */
  public static int integer(String text, int min, int max) {
    String expected =
        max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer " + min + ".." + max;
    long n = digits(text, text, expected);
    if (n < min || n > max) {
      throw InvalidValueException.expected(text, expected);
    }
    return (int) n;
  }

  /**
   * A size in bytes: digits, optionally followed by {@code k}, {@code m} or {@code g} (either case,
   * 1024-based), at most {@link Integer#MAX_VALUE} bytes.
   */
  public static int size(String text) {
    String expected =
        "a size in bytes, or with a k, m or g suffix, e.g. 1048576, 512k, 8m (at most 2147483647"
            + " bytes)";
    int end = text.length();
    long unit = 1;
    if (end > 0) {
      switch (Character.toLowerCase(text.charAt(end - 1))) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        default -> {}
      }
    }
    long n = digits(unit == 1 ? text : text.substring(0, end - 1), text, expected);
    if (n > Integer.MAX_VALUE / unit) { // n * unit could overflow a long: ten digits times 2^30
      throw InvalidValueException.expected(text, expected);
    }
    return (int) (n * unit);
  }

  /** One to ten decimal digits as a number; else the error for {@code text}, the whole value. */
  private static long digits(String digits, String text, String expected) {
    if (digits.isEmpty() || digits.length() > 10) {
      throw InvalidValueException.expected(text, expected);
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw InvalidValueException.expected(text, expected);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** {@code true} or {@code false}. */
  public static boolean bool(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw InvalidValueException.expected(text, "true or false");
    };
  }

  /** One of the given words, exactly; a near miss gets a "did you mean". */
  public static String oneOf(String text, List<String> words) {
    if (words.contains(text)) {
      return text;
    }
    String hint = Texts.closest(text, words);
    throw new InvalidValueException(
        Texts.quote(text)
            + (hint != null ? " is not valid, did you mean " + Texts.quote(hint) + "?" : "")
            + " (expected: one of "
            + String.join(", ", words)
            + ")");
  }

  /**
   * A comma-separated list of statuses ({@code 200}) and ranges ({@code 300-399}), each within
   * 100..599, at least one.
   */
  public static List<StatusRange> statusRanges(String text) {
    List<StatusRange> out = new ArrayList<>();
    String expected = "statuses such as 200 or ranges such as 200-399, separated by commas";
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      int dash = p.indexOf('-');
      String from = dash < 0 ? p : p.substring(0, dash);
      String to = dash < 0 ? p : p.substring(dash + 1);
      if (!isStatus(from) || !isStatus(to)) {
        throw InvalidValueException.expected(text, expected);
      }
      StatusRange r = new StatusRange(Integer.parseInt(from), Integer.parseInt(to));
      if (r.from() > r.to()) {
        throw InvalidValueException.expected(text, "ranges from low to high, e.g. 200-399");
      }
      out.add(r);
    }
    return out;
  }

  /** A share of requests in percent, {@code 0..100}, decimals allowed ({@code 0.5}). */
  public static double percent(String text) {
    String expected = "a percentage 0..100, e.g. 10% or 0.5%";
    String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
    if (digits.isEmpty() || !digits.matches("[0-9]+(\\.[0-9]+)?")) {
      throw InvalidValueException.expected(text, expected);
    }
    double p = Double.parseDouble(digits);
    if (p > 100) {
      throw InvalidValueException.expected(text, expected);
    }
    return p;
  }

  /**
   * An optional percentage and a value, separated by whitespace: {@code 10% 2s} → {@code ["10%",
   * "2s"]}, {@code 2s} → {@code [null, "2s"]}. Only the shape is checked here.
   */
  public static String[] percentThen(String text, String expectedValue) {
    String[] parts = text.split("\\s+");
    if (parts.length == 1 && !parts[0].isEmpty() && !parts[0].contains("%")) {
      return new String[] {null, parts[0]};
    }
    if (parts.length == 2 && parts[0].endsWith("%")) {
      return parts;
    }
    throw InvalidValueException.expected(text, "an optional percentage, then " + expectedValue);
  }

  /**
   * A Kubernetes object name (a DNS subdomain): lowercase letters, digits, {@code -} and {@code .},
   * starting and ending with a letter or digit, at most 253 characters.
   */
  public static String objectName(String text) {
    boolean ok =
        !text.isEmpty() && text.length() <= 253 && text.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    if (!ok) {
      throw InvalidValueException.expected(
          text, "the name of an object in the same namespace, e.g. my-policy");
    }
    return text;
  }

  /** An absolute path: starts with {@code /}, no spaces or control characters. */
  public static String absolutePath(String text) {
    if (!text.startsWith("/") || Texts.hasSpaceOrControl(text)) {
      throw InvalidValueException.expected(text, "a path starting with \"/\", without spaces");
    }
    return text;
  }

  /**
   * Header settings, one per line, {@code Name: value}: a name made of HTTP token characters and a
   * value without control characters. Blank lines are skipped; at least one header.
   */
  public static Map<String, String> headers(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      int colon = l.indexOf(':');
      String name = colon < 0 ? "" : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1).strip();
      if (!Texts.isToken(name) || hasControl(value)) {
        throw InvalidValueException.expected(
            l, "one header per line, as Name: value, e.g. X-Frame-Options: DENY");
      }
      out.put(name, value);
    }
    if (out.isEmpty()) {
      throw InvalidValueException.expected(text, "at least one header, as Name: value");
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Address ranges separated by commas: IPv4 or IPv6 addresses, each with an optional prefix length
   * ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 192.168.1.10}). At least one.
   */
  public static List<String> cidrs(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      if (!Cidrs.valid(p)) {
        throw InvalidValueException.expected(
            p, "IPv4 or IPv6 addresses or CIDR ranges separated by commas, e.g. 10.0.0.0/8");
      }
      out.add(p);
    }
    return List.copyOf(out);
  }

  /** A header name: HTTP token characters, e.g. {@code X-Canary}. */
  public static String headerName(String text) {
    if (!Texts.isToken(text)) {
      throw InvalidValueException.expected(text, "a header name, e.g. X-Canary");
    }
    return text;
  }

  /** A header value to match exactly: not empty, no control characters. */
  public static String headerValue(String text) {
    if (text.isEmpty() || hasControl(text)) {
      throw InvalidValueException.expected(text, "a header value without control characters");
    }
    return text;
  }

  /** A cookie name: HTTP token characters, e.g. {@code canary}. */
  public static String cookieName(String text) {
    if (!Texts.isToken(text)) {
      throw InvalidValueException.expected(text, "a cookie name, e.g. canary");
    }
    return text;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
  }

  private static boolean isStatus(String s) {
    return s.length() == 3
        && s.chars().allMatch(c -> c >= '0' && c <= '9')
        && Integer.parseInt(s) >= 100
        && Integer.parseInt(s) <= 599;
  }
}
