package io.breakwater.dataplane.route;

import io.breakwater.dataplane.config.PathType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The path rules of one host level: a hash of exact paths and a hash of normalized prefixes. A
 * prefix is stored without its trailing slashes ({@code /foo/} and {@code /foo} are both {@code
 * /foo}, {@code /} is the empty string), and a request path {@code p} matches prefix {@code q}
 * exactly when {@code p} is {@code q} or starts with {@code q + "/"}; that is the Ingress API's
 * element-wise match. Lookup probes the exact hash once, then the prefix hash at every {@code /}
 * boundary of the request path from left to right, keeping the last (longest) hit, and stops once
 * the path is longer than the longest prefix.
 */
final class PathTable<T> {

  private final RangeMap<T> exact;
  private final int maxExactLength;
  private final RangeMap<T> prefixes;
  private final int maxPrefixLength;

  private PathTable(Map<String, T> exact, Map<String, T> prefixes) {
    this.exact = new RangeMap<>(exact, false);
    this.maxExactLength = maxLength(exact);
    this.prefixes = new RangeMap<>(prefixes, false);
    this.maxPrefixLength = maxLength(prefixes);
  }

  private static int maxLength(Map<String, ?> map) {
    int max = -1;
    for (String k : map.keySet()) {
      max = Math.max(max, k.length());
    }
    return max;
  }

  /** The target for the path {@code s[from, to)}, which is non-empty and starts with '/'. */
  T lookup(CharSequence s, int from, int to) {
    // An exact hit is as long as the whole path, so no prefix can be longer; on a tie Exact wins.
    if (to - from <= maxExactLength) {
      T t = exact.get(s, from, to);
      if (t != null) {
        return t;
      }
    }
    if (maxPrefixLength < 0) {
      return null;
    }
    T best = null;
    int h = 0;
    for (int i = from; ; i++) {
      // s[from, i) is a candidate when it ends on an element boundary; a candidate ending in '/'
      // (from "//") cannot be a normalized prefix, so it is not probed.
      boolean boundary = i == to || s.charAt(i) == '/';
      if (boundary && (i == from || s.charAt(i - 1) != '/')) {
        T t = prefixes.get(s, from, i, h);
        if (t != null) {
          best = t;
        }
      }
      if (i == to || i - from >= maxPrefixLength) {
        return best;
      }
      h = 31 * h + s.charAt(i);
    }
  }

  /** Collects the rules of one host level; the first rule for a path and kind wins. */
  static final class Builder<T> {
    private final Map<String, T> exact = new LinkedHashMap<>();
    private final Map<String, T> prefixes = new LinkedHashMap<>();

    void add(String path, PathType type, T target) {
      if (type == PathType.EXACT) {
        exact.putIfAbsent(path, target);
      } else {
        prefixes.putIfAbsent(normalizePrefix(path), target);
      }
    }

    int size() {
      return exact.size() + prefixes.size();
    }

    PathTable<T> build() {
      return new PathTable<>(exact, prefixes);
    }
  }

  /** {@code /foo/} → {@code /foo}; {@code /} → the empty string, which every path matches. */
  static String normalizePrefix(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
