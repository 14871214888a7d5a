package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.TrafficPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol): preflights are answered by
 * the proxy, and responses to requests from an allowed origin get the {@code Access-Control-*}
 * fields. A request from an origin not allowed is passed on unchanged and gets no fields, so the
 * browser refuses it; a preflight from such an origin gets a bare 204.
 */
public final class CorsRules {
  private final boolean anyOrigin;
  private final String[] exact;
  private final String[] wildcardSchemes;
  private final String[] wildcardSuffixes;
  private final String methods;
  private final String headers;
  private final boolean anyHeader;
  private final String expose;
  private final boolean credentials;
  private final String maxAge;

  private CorsRules(TrafficPolicy.Cors c) {
    List<String> origins = c.allowOrigins();
    anyOrigin = origins.contains("*");
    exact = origins.stream().filter(o -> !o.contains("*")).toArray(String[]::new);
    List<String> wild = origins.stream().filter(o -> o.contains("://*.")).toList();
    wildcardSchemes =
        wild.stream().map(o -> o.substring(0, o.indexOf("://") + 3)).toArray(String[]::new);
    wildcardSuffixes =
        wild.stream().map(o -> o.substring(o.indexOf("://*.") + 4)).toArray(String[]::new);
    List<String> m =
        c.allowMethods().isEmpty() ? TrafficPolicy.Cors.DEFAULT_METHODS : c.allowMethods();
    methods = String.join(", ", m);
    anyHeader = c.allowHeaders().contains("*");
    headers = c.allowHeaders().isEmpty() ? null : String.join(", ", c.allowHeaders());
    expose = c.exposeHeaders().isEmpty() ? null : String.join(", ", c.exposeHeaders());
    credentials = c.allowCredentials();
    maxAge = c.maxAge() == null ? null : Long.toString(c.maxAge().toSeconds());
  }

  /** The rules compiled, or null when CORS is off. */
  public static CorsRules of(TrafficPolicy.Cors c) {
    return c == null || !c.enabled() ? null : new CorsRules(c);
  }

  /** Whether {@code origin} may read responses. */
  public boolean allows(String origin) {
    if (anyOrigin) {
      return true;
    }
    for (String e : exact) {
      if (e.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    for (int i = 0; i < wildcardSuffixes.length; i++) {
      String scheme = wildcardSchemes[i];
      String suffix = wildcardSuffixes[i];
      if (origin.length() > scheme.length() + suffix.length()
          && origin.regionMatches(true, 0, scheme, 0, scheme.length())
          && origin.regionMatches(
              true, origin.length() - suffix.length(), suffix, 0, suffix.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code req} is a preflight: {@code OPTIONS} with an origin and a method asked for. */
  public static boolean isPreflight(HttpRequest req) {
    HttpHeaders h = req.headers();
    return HttpMethod.OPTIONS.equals(req.method())
        && h.contains(HttpHeaderNames.ORIGIN)
        && h.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** Fills the fields of a preflight answer (to a request from {@code origin}) into {@code out}. */
  public void preflight(String origin, HttpHeaders request, HttpHeaders out) {
    out.set(HttpHeaderNames.VARY, "Origin");
    if (!allows(origin)) {
      return;
    }
    allowOrigin(origin, out);
    out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
    String asked = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
    if (anyHeader && asked != null) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
    } else if (headers != null) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
    }
    if (maxAge != null) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
    }
  }

  /**
   * Adds the fields of a response to a request from {@code origin} (null: none) into {@code out}.
   */
  public void response(String origin, HttpHeaders out) {
    if (origin == null || !allows(origin)) {
      return;
    }
    allowOrigin(origin, out);
    if (expose != null) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, expose);
    }
    out.add(HttpHeaderNames.VARY, "Origin");
  }

  private void allowOrigin(String origin, HttpHeaders out) {
    // "*" cannot carry credentials; the validator refuses that pair, so "*" is sent as is.
    out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin && !credentials ? "*" : origin);
    if (credentials) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }
}
