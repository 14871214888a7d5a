package io.breakwater.dataplane.route;

import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A frontend's routes compiled for lookup: immutable, safe to share between event loops, and
 * allocation-free to query. Built with {@link #builder()}.
 *
 * <h2>Matching, as the Kubernetes Ingress API defines it</h2>
 *
 * <p><b>Host.</b> A rule's host is exact ({@code foo.example.com}), a wildcard ({@code
 * *.example.com}, which matches exactly one more DNS label: {@code a.example.com} but neither
 * {@code example.com} nor {@code a.b.example.com}), or absent (any host). Hosts compare
 * ASCII-case-insensitively after the request's port, IPv6 brackets ({@code [::1]:8080} is {@code
 * ::1}) and one trailing dot ({@code example.com.}) are removed. IPv6 literals compare as text, not
 * as addresses.
 *
 * <p><b>Host precedence and no fall-through.</b> The request's host selects exactly one host level:
 * the exact host if any rule names it, else the wildcard if any rule's wildcard covers it, else the
 * any-host rules. Only that level's paths are tried. When none of them matches, {@link #lookup}
 * returns {@code null} even if an any-host rule would have matched the path: rules for a host own
 * that host, and the caller then serves the frontend's default backend.
 *
 * <p><b>Path.</b> The path is the request-target up to {@code ?} or {@code #}; for an absolute-form
 * target ({@code http://host:port/path?q}) it is the part after the authority, {@code /} when that
 * is empty, and the host is taken from the authority instead of the Host header (RFC 9112 §3.2.2).
 * Asterisk-form ({@code OPTIONS *}), authority-form ({@code CONNECT h:443}) and empty targets have
 * no path and match no route, not even {@code /}: the caller answers them itself. Paths are matched
 * as received, case-sensitively, with no percent-decoding and no dot-segment removal.
 *
 * <ul>
 *   <li>{@link PathType#EXACT}: the whole path equals the rule's path.
 *   <li>{@link PathType#PREFIX} and {@link PathType#IMPLEMENTATION_SPECIFIC}: element-wise over
 *       {@code /}-separated elements. Rule {@code /foo} matches {@code /foo}, {@code /foo/} and
 *       {@code /foo/bar} but not {@code /foobar}; trailing slashes of the rule are ignored ({@code
 *       /foo/} is {@code /foo}); rule {@code /} matches every path.
 * </ul>
 *
 * The longest matching rule path wins (a prefix's length is counted without its trailing slash);
 * for the same path Exact beats Prefix. Rules equal in host, path and kind after normalization (so
 * {@code Prefix /foo} and {@code ImplementationSpecific /foo/}) are duplicates: the first added
 * wins, and reporting them is the config validator's job.
 *
 * <h2>Cost</h2>
 *
 * A lookup is one hash probe per host level tried (at most three) plus, in the selected level, one
 * probe for the exact path and one per {@code /} boundary of the request path up to the length of
 * the longest prefix. It never scans the rules and never allocates.
 *
 * @param <T> what a route leads to, typically the backend
 */
public final class RouteTable<T> {

  private static final RouteTable<Object> EMPTY = new Builder<>().build();

  private final RangeMap<PathTable<T>> exactHosts;
  private final RangeMap<PathTable<T>> wildcardHosts;
  private final PathTable<T> anyHost;
  private final boolean hostless;
  private final int size;

  private RouteTable(
      Map<String, PathTable<T>> exactHosts,
      Map<String, PathTable<T>> wildcardHosts,
      PathTable<T> anyHost,
      int size) {
    this.exactHosts = new RangeMap<>(exactHosts, true);
    this.wildcardHosts = new RangeMap<>(wildcardHosts, true);
    this.anyHost = anyHost;
    this.hostless = exactHosts.isEmpty() && wildcardHosts.isEmpty();
    this.size = size;
  }

  /** A builder of a new table. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The table without routes; every lookup returns {@code null}. */
  @SuppressWarnings("unchecked")
  public static <T> RouteTable<T> empty() {
    return (RouteTable<T>) EMPTY;
  }

  /** The number of distinct rules (duplicates counted once). */
  public int size() {
    return size;
  }

  /**
   * The target of the rule that routes this request, or {@code null} when none does (the caller
   * then uses the frontend's default backend).
   *
   * @param hostHeader the raw Host header value, in any case, possibly with {@code :port}; {@code
   *     null} or empty when the request has none (only host-less rules can then match)
   * @param uri the request-target as received; {@code null} matches nothing
   */
  public T lookup(CharSequence hostHeader, CharSequence uri) {
    if (uri == null) {
      return null;
    }
    int pathStart = RequestTarget.pathStart(uri);
    if (pathStart == RequestTarget.NO_PATH) {
      return null;
    }
    int pathEnd = RequestTarget.pathEnd(uri, pathStart);
    PathTable<T> paths = hostless ? anyHost : hostLevel(hostHeader, uri, pathStart);
    if (paths == null) {
      return null;
    }
    return pathStart == pathEnd ? paths.lookup("/", 0, 1) : paths.lookup(uri, pathStart, pathEnd);
  }

  private PathTable<T> hostLevel(CharSequence hostHeader, CharSequence uri, int pathStart) {
    CharSequence s = hostHeader;
    int from = 0;
    int to = s == null ? 0 : s.length();
    if (pathStart > 0) {
      // Absolute-form: the authority replaces the Host header; userinfo is not part of the host.
      s = uri;
      to = pathStart;
      from = RequestTarget.authorityStart(uri);
      for (int i = to - 1; i >= from; i--) {
        if (uri.charAt(i) == '@') {
          from = i + 1;
          break;
        }
      }
    }
    long range = hostRange(s, from, to);
    from = (int) (range >>> 32);
    to = (int) range;
    if (from == to) {
      return anyHost;
    }
    PathTable<T> paths = exactHosts.get(s, from, to);
    if (paths != null) {
      return paths;
    }
    if (wildcardHosts.size() > 0) {
      for (int i = from; i < to; i++) {
        if (s.charAt(i) == '.') {
          // The wildcard stands for exactly one non-empty label: the rest must equal its suffix.
          paths = i > from ? wildcardHosts.get(s, i + 1, to) : null;
          if (paths != null) {
            return paths;
          }
          break;
        }
      }
    }
    return anyHost;
  }

  /**
   * The host name inside {@code s[from, to)} (a Host header or an authority), packed as {@code
   * start << 32 | end}: surrounding whitespace, the port, IPv6 brackets and one trailing dot are
   * removed. A bracket-less value with several colons is taken as a bare IPv6 literal with no port.
   * Start equals end when there is no host.
   */
  static long hostRange(CharSequence s, int from, int to) {
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    if (from < to && s.charAt(from) == '[') {
      for (int i = from + 1; i < to; i++) {
        if (s.charAt(i) == ']') {
          return (long) (from + 1) << 32 | i;
        }
      }
      return (long) from << 32 | to; // unterminated: matches nothing a rule can name
    }
    int colon = -1;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        if (colon >= 0) {
          colon = -1;
          break;
        }
        colon = i;
      }
    }
    if (colon >= 0) {
      to = colon;
    }
    if (to > from && s.charAt(to - 1) == '.') {
      to--;
    }
    return (long) from << 32 | to;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Collects rules in order; {@link #build()} compiles them. Arguments are checked as they are
   * added. Not thread-safe; a builder may build several tables.
   */
  public static final class Builder<T> {

    private record Rule<T>(String host, boolean wildcard, String path, PathType type, T target) {}

    private final List<Rule<T>> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a rule.
     *
     * @param host an exact host, {@code *.} followed by a domain, or {@code null} (or empty) for
     *     any host; case, IPv6 brackets and one trailing dot do not matter
     * @param path starts with {@code /}
     * @param type how {@code path} matches
     * @param target what the rule routes to; not {@code null}
     * @throws IllegalArgumentException when {@code host} or {@code path} is malformed
     */
    public Builder<T> add(String host, String path, PathType type, T target) {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(target, "target");
      if (path.isEmpty() || path.charAt(0) != '/') {
        throw new IllegalArgumentException("path: " + path + " (expected: starts with /)");
      }
      String h = normalizeHost(host);
      boolean wildcard = h != null && h.startsWith("*.");
      if (h != null
          && h.indexOf('*') >= 0
          && (!wildcard || h.lastIndexOf('*') > 0 || h.length() == 2)) {
        throw new IllegalArgumentException(
            "host: " + host + " (expected: a host name, or *. followed by a domain)");
      }
      rules.add(new Rule<>(wildcard ? h.substring(2) : h, wildcard, path, type, target));
      return this;
    }

    /** Adds {@code route}'s host, path and kind, leading to {@code target}. */
    public Builder<T> add(Route route, T target) {
      return add(route.host(), route.path(), route.pathType(), target);
    }

    /** A table of the rules added so far. */
    public RouteTable<T> build() {
      Map<String, PathTable.Builder<T>> exact = new LinkedHashMap<>();
      Map<String, PathTable.Builder<T>> wildcard = new LinkedHashMap<>();
      PathTable.Builder<T> any = new PathTable.Builder<>();
      for (Rule<T> r : rules) {
        PathTable.Builder<T> level =
            r.host == null
                ? any
                : (r.wildcard ? wildcard : exact)
                    .computeIfAbsent(r.host, k -> new PathTable.Builder<>());
        level.add(r.path, r.type, r.target);
      }
      int size = any.size();
      for (PathTable.Builder<T> b : exact.values()) {
        size += b.size();
      }
      for (PathTable.Builder<T> b : wildcard.values()) {
        size += b.size();
      }
      return new RouteTable<>(
          build(exact), build(wildcard), any.size() == 0 ? null : any.build(), size);
    }

    private static <T> Map<String, PathTable<T>> build(Map<String, PathTable.Builder<T>> levels) {
      Map<String, PathTable<T>> out = new LinkedHashMap<>();
      levels.forEach((host, b) -> out.put(host, b.build()));
      return out;
    }

    /** Lower case (ASCII), brackets and one trailing dot removed; null or empty → null. */
    private static String normalizeHost(String host) {
      if (host == null || host.isEmpty()) {
        return null;
      }
      long range = hostRangeOfRule(host);
      StringBuilder sb = new StringBuilder(host.length());
      for (int i = (int) (range >>> 32), end = (int) range; i < end; i++) {
        sb.append(RangeMap.lower(host.charAt(i)));
      }
      return sb.length() == 0 ? null : sb.toString();
    }

    private static long hostRangeOfRule(String host) {
      int from = 0;
      int to = host.length();
      if (host.charAt(0) == '[' && host.charAt(to - 1) == ']') {
        from++;
        to--;
      }
      if (to > from && host.charAt(to - 1) == '.') {
        to--;
      }
      return (long) from << 32 | to;
    }
  }
}
