package io.breakwater.dataplane.config;

import java.util.Collection;

/** Small text helpers shared by the loader and the validator so their messages look alike. */
final class Texts {

  /** Longer values are cut so one bad value (say a pasted certificate) cannot flood the output. */
  static final int MAX_QUOTED = 80;

  private Texts() {}

  /** The value in double quotes, with control characters escaped and long values shortened. */
  static String quote(String s) {
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
   * The candidate nearest to a misspelling (at most two edits, and fewer than half its length), or
   * {@code null}; used for "did you mean" hints.
   */
  static String closest(String s, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(s.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= 2 && bestDistance * 2 < s.length() ? best : null;
  }

  /** Levenshtein distance; the inputs are key names, so the quadratic cost does not matter. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** True for text that contains whitespace or control characters. */
  static boolean hasSpaceOrControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }
}
