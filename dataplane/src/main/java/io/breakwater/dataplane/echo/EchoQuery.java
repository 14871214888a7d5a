package io.breakwater.dataplane.echo;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the query string asks of the echo server. Unknown parameters are ignored, so callers may add
 * their own (cache busters, request ids); a known parameter with a bad value is an error.
 *
 * @param status the response status, {@value #MIN_STATUS} to {@value #MAX_STATUS}
 * @param delayMillis how long to wait before answering
 * @param size filler bytes to send instead of the JSON description, or {@value #NO_SIZE}
 * @param chunked answer with {@code Transfer-Encoding: chunked} (HTTP/1.1 only)
 * @param echoBody stream the request body back as the response body
 * @param close close the connection after the response
 */
record EchoQuery(
    int status, long delayMillis, long size, boolean chunked, boolean echoBody, boolean close) {

  static final int MIN_STATUS = 200;
  static final int MAX_STATUS = 599;
  static final long NO_SIZE = -1;

  /** One hour: longer delays are a typo, not a test. */
  static final long MAX_DELAY_MILLIS = 3_600_000;

  static final EchoQuery DEFAULT = new EchoQuery(200, 0, NO_SIZE, false, false, false);

  private static final Pattern DURATION = Pattern.compile("(\\d{1,10})(ms|s|m|h)?");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,19})([kmg])?");

  boolean hasSize() {
    return size != NO_SIZE;
  }

  /**
   * Reads the query of a request target.
   *
   * @throws IllegalArgumentException naming the parameter, its value and what was expected
   */
  static EchoQuery parse(String uri) {
    Map<String, List<String>> params = new QueryStringDecoder(uri).parameters();
    if (params.isEmpty()) {
      return DEFAULT;
    }
    int status = (int) number(params, "status", DEFAULT.status(), MIN_STATUS, MAX_STATUS);
    long delay = duration(params);
    long size = bytes(params);
    boolean chunked = flag(params, "chunked");
    boolean close = flag(params, "close");
    String echo = last(params, "echo");
    if (echo != null && !echo.equals("body")) {
      throw new IllegalArgumentException("echo: " + echo + " (expected: body)");
    }
    boolean echoBody = echo != null;
    if (echoBody && size != NO_SIZE) {
      throw new IllegalArgumentException("echo=body and size: cannot be combined");
    }
    return new EchoQuery(status, delay, size, chunked, echoBody, close);
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  private static long number(
      Map<String, List<String>> params, String name, long absent, long min, long max) {
    String value = last(params, name);
    if (value == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw new IllegalArgumentException(
        name + ": " + value + " (expected: " + min + " to " + max + ")");
  }

  private static long duration(Map<String, List<String>> params) {
    String value = last(params, "delay");
    if (value == null) {
      return 0;
    }
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      long millis =
          switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
          };
      if (millis <= MAX_DELAY_MILLIS) {
        return millis;
      }
    }
    throw new IllegalArgumentException(
        "delay: " + value + " (expected: a duration such as 200ms, 2s or 1m, at most 1h)");
  }

  private static long bytes(Map<String, List<String>> params) {
    String value = last(params, "size");
    if (value == null) {
      return NO_SIZE;
    }
    Matcher m = BYTES.matcher(value.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : "kmg".indexOf(m.group(2)) * 10 + 10;
        if (n <= Long.MAX_VALUE >> shift) {
          return n << shift;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "size: " + value + " (expected: a byte count, optionally with a k, m or g suffix)");
  }

  private static boolean flag(Map<String, List<String>> params, String name) {
    String value = last(params, name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default -> throw new IllegalArgumentException(name + ": " + value + " (expected: 1 or 0)");
    };
  }
}
