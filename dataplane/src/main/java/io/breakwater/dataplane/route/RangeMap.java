package io.breakwater.dataplane.route;

import java.util.Map;

/**
 * An immutable open-addressing hash map from strings to values that is probed with a range of a
 * {@link CharSequence}, so a lookup of a substring (a host inside a Host header, a path inside a
 * request-target) allocates nothing. The hash is {@link String#hashCode()}'s polynomial so callers
 * scanning left to right can extend it one character at a time and probe every prefix for the cost
 * of one multiply each.
 *
 * <p>With {@code foldCase}, keys are stored in ASCII lower case and probes fold ASCII upper case on
 * the fly (host names); without it, matching is exact (paths).
 */
final class RangeMap<V> {

  private final String[] keys;
  private final int[] hashes;
  private final Object[] values;
  private final int mask;
  private final boolean foldCase;
  private final int size;

  /**
   * Builds the map from {@code entries}, whose keys must already be in lower case when {@code
   * foldCase} is set.
   */
  RangeMap(Map<String, V> entries, boolean foldCase) {
    this.foldCase = foldCase;
    this.size = entries.size();
    // Load factor at most 1/2: short probe sequences, and an empty slot always ends a miss.
    int capacity = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.values = new Object[capacity];
    this.mask = capacity - 1;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      String key = e.getKey();
      int h = hash(key, 0, key.length(), foldCase);
      int i = spread(h) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      hashes[i] = h;
      values[i] = e.getValue();
    }
  }

  int size() {
    return size;
  }

  /** The polynomial hash of {@code s[from, to)}, folded to lower case when asked. */
  static int hash(CharSequence s, int from, int to, boolean foldCase) {
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      h = 31 * h + (foldCase ? lower(c) : c);
    }
    return h;
  }

  /** The value for {@code s[from, to)}, or {@code null}. */
  V get(CharSequence s, int from, int to) {
    return size == 0 ? null : get(s, from, to, hash(s, from, to, foldCase));
  }

  /** The value for {@code s[from, to)} whose {@link #hash} the caller already has, or null. */
  @SuppressWarnings("unchecked")
  V get(CharSequence s, int from, int to, int hash) {
    int len = to - from;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String key = keys[i];
      if (key == null) {
        return null;
      }
      if (hashes[i] == hash && key.length() == len && regionMatches(key, s, from)) {
        return (V) values[i];
      }
    }
  }

  private boolean regionMatches(String key, CharSequence s, int from) {
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = s.charAt(from + i);
      if (key.charAt(i) != (foldCase ? lower(c) : c)) {
        return false;
      }
    }
    return true;
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static int spread(int h) {
    // The polynomial hash is weak in its low bits for short keys; mix before masking.
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
