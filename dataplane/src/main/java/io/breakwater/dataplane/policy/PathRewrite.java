package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.TrafficPolicy;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled path rewrite, with Ingress-NGINX's {@code rewrite-target} semantics: by prefix, the
 * part of the path the route matched is replaced; by regex, when the expression is found anywhere
 * in the path the whole path becomes the replacement, {@code $1}…{@code $9} standing for its
 * groups. The query string is always kept.
 */
public final class PathRewrite {
  private final String prefix;
  private final int matchedLength;
  private final boolean exact;
  private final Pattern regex;
  private final String replacement;

  private PathRewrite(String prefix, String routePath, PathType type, Pattern regex, String rep) {
    this.prefix = prefix;
    this.exact = type == PathType.EXACT;
    // A prefix route matches element-wise, trailing slashes ignored: "/api/" matched "/api".
    String p = routePath == null ? "/" : routePath;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    this.matchedLength = p.equals("/") ? 0 : p.length();
    this.regex = regex;
    this.replacement = rep;
  }

  /**
   * The path part of {@code rw} compiled for a route with {@code routePath} and {@code type} (null
   * for a frontend's default backend, which matched nothing), or null when it rewrites no path.
   */
  public static PathRewrite of(TrafficPolicy.Rewrite rw, String routePath, PathType type) {
    if (rw == null || !rw.enabled() || (rw.prefix() == null && rw.regex() == null)) {
      return null;
    }
    Pattern p = rw.regex() == null ? null : Pattern.compile(rw.regex());
    return new PathRewrite(
        rw.prefix(), routePath, type == null ? PathType.PREFIX : type, p, rw.replacement());
  }

  /**
   * The new request-target for {@code uri} (origin-form: path and query), or {@code uri} itself
   * when nothing changes.
   */
  public String apply(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? "" : uri.substring(q);
    String out;
    if (prefix != null) {
      String rest = exact || path.length() < matchedLength ? "" : path.substring(matchedLength);
      out = join(prefix, rest);
    } else {
      Matcher m = regex.matcher(path);
      if (!m.find()) {
        return uri;
      }
      out = expand(replacement, m);
    }
    return out + query;
  }

  private static String join(String prefix, String rest) {
    if (rest.isEmpty()) {
      return prefix;
    }
    if (prefix.endsWith("/") && rest.startsWith("/")) {
      return prefix + rest.substring(1);
    }
    return prefix + rest;
  }

  private static String expand(String replacement, Matcher m) {
    StringBuilder b = new StringBuilder(replacement.length() + 32);
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '$'
          && i + 1 < replacement.length()
          && Character.isDigit(replacement.charAt(i + 1))) {
        int g = replacement.charAt(++i) - '0';
        String v = g <= m.groupCount() ? m.group(g) : null;
        if (v != null) {
          b.append(v);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
