package io.breakwater.dataplane.accesslog;

import io.breakwater.dataplane.config.AccessLog;

/**
 * Turns a record into one log line (without its newline). Instances keep small caches (the
 * formatted current second) and belong to one writer thread: not thread-safe.
 */
interface LineFormat {

  void append(AccessRecord r, StringBuilder line);

  static LineFormat of(AccessLog.Format format) {
    return switch (format) {
      case JSON -> new JsonLineFormat();
      case HAPROXY -> new HaproxyLineFormat();
    };
  }

  /** Appends {@code nanos} as milliseconds with three decimals, or -1 for an absent phase. */
  static void appendMillis(StringBuilder sb, long nanos) {
    if (nanos < 0) {
      sb.append(-1);
      return;
    }
    long micros = nanos / 1_000;
    sb.append(micros / 1_000).append('.');
    long frac = micros % 1_000;
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
  }
}
