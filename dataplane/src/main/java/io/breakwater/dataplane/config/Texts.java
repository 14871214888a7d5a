package io.breakwater.dataplane.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Small text helpers shared by the loader, the validator and the controller's annotation parsers,
 * so their messages look alike.
 */
public final class Texts {

  /** Longer values are cut so one bad value (say a pasted certificate) cannot flood the output. */
  static final int MAX_QUOTED = 80;

  private Texts() {}

  /** The value in double quotes, with control characters escaped and long values shortened. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 8).append('"');
    int n = Math.min(s.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
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
    if (s.length() > MAX_QUOTED) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /**
   * The candidate nearest to a misspelling, or {@code null} when none is close: at most one edit
   * for words of up to three letters, two for longer ones. Used for "did you mean" hints.
   */
  public static String closest(String s, Collection<String> candidates) {
    String lower = s.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = s.length() <= 3 ? 1 : 2;
    return best != null && bestDistance <= allowed ? best : null;
  }

  /**
   * Edit distance counting a swap of neighbours as one edit (optimal string alignment), since
   * {@code paht} for {@code path} is the typical typo. Inputs are short names; the quadratic cost
   * does not matter.
   */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** True for text that contains whitespace or control characters. */
  public static boolean hasSpaceOrControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 9110 tchar: what tokens (methods, header names) are made of. */
  public static boolean isTchar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || (c > 0 && c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
  }

  /** RFC 9110 token: one or more {@link #isTchar} characters. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
