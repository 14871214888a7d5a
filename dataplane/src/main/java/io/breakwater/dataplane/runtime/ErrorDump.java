package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.stats.CapturedBytes;

/**
 * Prints a captured message as HAProxy's {@code show errors} does: a line with the message's length
 * and the error's position, then the bytes, one line of output per line of the message (longer ones
 * wrapped, continuation lines marked {@code +}), each prefixed by the offset of its first byte.
 * Bytes outside printable ASCII and the backslash are escaped ({@code \r}, {@code \n}, {@code \t},
 * {@code \\}, {@code \xHH}).
 */
final class ErrorDump {

  /** Escaped characters per output line before it wraps. */
  static final int WIDTH = 72;

  private ErrorDump() {}

  static void append(StringBuilder sb, CapturedBytes c) {
    byte[] b = c.bytes();
    sb.append("  len ").append(c.length());
    if (c.errorAt() < 0) {
      sb.append(", no invalid byte (refused for its meaning)");
    } else {
      sb.append(", error at position ").append(c.errorAt());
    }
    if (c.start() > 0 || c.start() + b.length < c.length()) {
      sb.append(", bytes ")
          .append(c.start())
          .append('-')
          .append(c.start() + b.length - 1)
          .append(" kept");
    }
    sb.append('\n');
    int i = 0;
    boolean continued = false;
    while (i < b.length) {
      sb.append("  ").append(String.format("%05d", c.start() + i)).append(continued ? "+ " : "  ");
      int width = 0;
      while (i < b.length && width < WIDTH) {
        byte x = b[i++];
        width += escape(sb, x);
        if (x == '\n') {
          break;
        }
      }
      continued = i < b.length && b[i - 1] != '\n';
      sb.append('\n');
    }
  }

  /** Appends one byte, escaped; returns how many characters that took. */
  private static int escape(StringBuilder sb, byte x) {
    switch (x) {
      case '\r':
        sb.append("\\r");
        return 2;
      case '\n':
        sb.append("\\n");
        return 2;
      case '\t':
        sb.append("\\t");
        return 2;
      case '\\':
        sb.append("\\\\");
        return 2;
      default:
        if (x >= 0x20 && x < 0x7f) {
          sb.append((char) x);
          return 1;
        }
        sb.append("\\x")
            .append(Character.forDigit((x >> 4) & 0xf, 16))
            .append(Character.forDigit(x & 0xf, 16));
        return 4;
    }
  }
}
