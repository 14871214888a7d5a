package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Texts;
import java.util.Locale;

/**
 * Finds where a rejected HTTP/1.1 message head goes wrong, for {@code show errors}: the offset of
 * the first byte that breaks RFC 9112's grammar (request or status line, field lines, CRLF line
 * ends, no obs-fold), or, for a head that parses but was refused by a rule about its meaning (two
 * Host fields, an invalid target), the start of the field or part of the start line that the
 * refusal names. Runs on the error path only, over a copy of the bytes.
 */
final class HeadScanner {

  /** A head that is well-formed as far as it arrived, and no field that the reason names. */
  static final int NOT_FOUND = -1;

  private HeadScanner() {}

  /**
   * @param b the bytes, from {@code b[0]}
   * @param fromStart whether {@code b[0]} is the message's first byte; otherwise the scan starts at
   *     the first line that begins in {@code b}
   * @param request a request (request line) or a response (status line)
   * @param reason why the message was refused, or null
   * @return the offset in {@code b} of the first invalid byte, or {@link #NOT_FOUND}
   */
  static int locate(byte[] b, boolean fromStart, boolean request, String reason) {
    int i = 0;
    if (fromStart) {
      int bad = request ? requestLine(b) : statusLine(b);
      if (bad < 0) {
        return -bad - 1;
      }
      i = bad;
    } else {
      i = nextLine(b, 0);
      if (i < 0) {
        return NOT_FOUND;
      }
    }
    int heads = i;
    while (i < b.length) {
      if (b[i] == '\r') {
        return i + 1 < b.length && b[i + 1] != '\n' ? i + 1 : byReason(b, fromStart, heads, reason);
      }
      if (b[i] == '\n') {
        return i; // a bare LF
      }
      int bad = fieldLine(b, i);
      if (bad < 0) {
        return -bad - 1;
      }
      i = bad;
    }
    return byReason(b, fromStart, heads, reason);
  }

  /**
   * Parses {@code method SP target SP HTTP/d.d CRLF}; returns the offset after the line, or {@code
   * -(invalid offset) - 1}. A line cut short by the end of the bytes is not invalid.
   */
  private static int requestLine(byte[] b) {
    int i = 0;
    while (i < b.length && Texts.isTchar(b[i] & 0xff)) {
      i++;
    }
    if (i == b.length) {
      return b.length;
    }
    if (i == 0 || b[i] != ' ') {
      return -i - 1;
    }
    i++;
    int target = i;
    while (i < b.length && b[i] > ' ' && b[i] != 0x7f) {
      i++;
    }
    if (i == b.length) {
      return b.length;
    }
    if (i == target || b[i] != ' ') {
      return -i - 1;
    }
    return version(b, i + 1, true);
  }

  /** Parses {@code HTTP/d.d SP ddd SP reason CRLF}, as {@link #requestLine}. */
  private static int statusLine(byte[] b) {
    int i = version(b, 0, false);
    if (i < 0 || i >= b.length) {
      return i;
    }
    if (b[i++] != ' ') {
      return -(i - 1) - 1;
    }
    for (int d = 0; d < 3; d++, i++) {
      if (i == b.length) {
        return b.length;
      }
      if (b[i] < '0' || b[i] > '9') {
        return -i - 1;
      }
    }
    if (i == b.length) {
      return b.length;
    }
    if (b[i] != ' ' && b[i] != '\r') {
      return -i - 1;
    }
    while (i < b.length && b[i] != '\r' && b[i] != '\n') {
      if (isCtl(b[i]) && b[i] != '\t') {
        return -i - 1;
      }
      i++;
    }
    return lineEnd(b, i);
  }

  /**
   * Parses {@code HTTP/d.d} at {@code i}, then CRLF when {@code lineEnds}; returns the offset after
   * it or {@code -(invalid offset) - 1}.
   */
  private static int version(byte[] b, int i, boolean lineEnds) {
    String shape = "HTTP/0.0";
    for (int k = 0; k < shape.length(); k++, i++) {
      if (i == b.length) {
        return b.length;
      }
      char want = shape.charAt(k);
      boolean ok = want == '0' ? b[i] >= '0' && b[i] <= '9' : b[i] == want;
      if (!ok) {
        return -i - 1;
      }
    }
    return lineEnds ? lineEnd(b, i) : i;
  }

  /** Parses {@code name ":" value CRLF} at {@code i}, as {@link #requestLine}. */
  private static int fieldLine(byte[] b, int i) {
    int name = i;
    while (i < b.length && Texts.isTchar(b[i] & 0xff)) {
      i++;
    }
    if (i == b.length) {
      return b.length;
    }
    if (i == name || b[i] != ':') {
      return -i - 1; // obs-fold, a space before the colon, a bad name character, no colon
    }
    i++;
    while (i < b.length && b[i] != '\r' && b[i] != '\n') {
      if (isCtl(b[i]) && b[i] != '\t') {
        return -i - 1;
      }
      i++;
    }
    return lineEnd(b, i);
  }

  /** At a line's end: CRLF → the offset after it; a bare LF → invalid. */
  private static int lineEnd(byte[] b, int i) {
    if (i >= b.length) {
      return b.length;
    }
    if (b[i] == '\n') {
      return -i - 1;
    }
    if (b[i] != '\r') {
      return -i - 1;
    }
    if (i + 1 == b.length) {
      return b.length;
    }
    return b[i + 1] == '\n' ? i + 2 : -(i + 1) - 1;
  }

  private static int nextLine(byte[] b, int i) {
    for (; i < b.length; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * For a well-formed head: the last field line whose name the reason mentions (the second Host,
   * the Transfer-Encoding after a Content-Length), else the target or the version when the reason
   * is about them.
   */
  private static int byReason(byte[] b, boolean fromStart, int heads, String reason) {
    if (reason == null) {
      return NOT_FOUND;
    }
    String why = reason.toLowerCase(Locale.ROOT);
    int found = NOT_FOUND;
    for (int i = heads; i < b.length && b[i] != '\r' && b[i] != '\n'; ) {
      int colon = i;
      while (colon < b.length && b[colon] != ':') {
        colon++;
      }
      String name = new String(b, i, colon - i, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (!name.isEmpty() && why.contains(name.toLowerCase(Locale.ROOT))) {
        found = i;
      }
      int next = nextLine(b, colon);
      if (next < 0) {
        break;
      }
      i = next;
    }
    if (found != NOT_FOUND || !fromStart) {
      return found;
    }
    int firstSpace = indexOf(b, ' ', 0);
    if (why.contains("target") || why.contains("connect") || why.contains("asterisk")) {
      return firstSpace < 0 ? NOT_FOUND : firstSpace + 1;
    }
    if (why.contains("version")) {
      int second = firstSpace < 0 ? -1 : indexOf(b, ' ', firstSpace + 1);
      return second < 0 ? NOT_FOUND : second + 1;
    }
    return NOT_FOUND;
  }

  private static int indexOf(byte[] b, char c, int from) {
    for (int i = from; i < b.length && b[i] != '\r' && b[i] != '\n'; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isCtl(byte c) {
    return (c >= 0 && c < 0x20) || c == 0x7f;
  }
}
