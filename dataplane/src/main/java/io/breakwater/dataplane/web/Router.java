package io.breakwater.dataplane.web;

import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Method and path to handler. A pattern is a path whose segments are literals or {@code {name}}
 * placeholders matching one whole segment; segments are split on the raw path and then
 * percent-decoded, so a value may hold an encoded slash ({@code default%2Fweb%2F80} for the backend
 * {@code default/web/80}). Literal segments win over placeholders only by registration order:
 * register the specific route first. Immutable once built.
 */
public final class Router {

  /** One route. */
  public record Route(HttpMethod method, String pattern, Handler handler) {
    public Route {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(handler, "handler");
      if (!pattern.startsWith("/")) {
        throw new IllegalArgumentException("pattern: " + pattern + " (expected: starts with /)");
      }
    }

    /** Path parameters by name if the path matches, else null. */
    Map<String, String> match(String[] segments) {
      String[] parts = split(pattern);
      if (parts.length != segments.length) {
        return null;
      }
      Map<String, String> params = null;
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i];
        if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
          if (segments[i].isEmpty()) {
            return null;
          }
          if (params == null) {
            params = new LinkedHashMap<>();
          }
          params.put(p.substring(1, p.length() - 1), segments[i]);
        } else if (!p.equals(segments[i])) {
          return null;
        }
      }
      return params == null ? Map.of() : params;
    }
  }

  /** What a request's method and path come to. */
  public sealed interface Match permits Found, NotFound, MethodNotAllowed {}

  /** A route matched; {@code params} holds its decoded placeholders. */
  public record Found(Route route, Map<String, String> params) implements Match {}

  /** No route has this path. */
  public record NotFound() implements Match {}

  /** Routes have this path, but not for this method. */
  public record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {}

  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every route, in registration order. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Routes a request.
   *
   * @param rawPath the path as sent (percent-encoded, without query)
   * @throws IllegalArgumentException when the path has invalid percent-encoding
   */
  public Match match(HttpMethod method, String rawPath) {
    String[] segments = split(rawPath);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = decode(segments[i]);
    }
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = r.match(segments);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Found(r, params);
      }
      allowed.add(r.method());
    }
    return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
  }

  private static String[] split(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
  }

  /** Percent-decoding as for a path segment: {@code +} stays a plus. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      int escape = s.indexOf('%', i);
      int end = escape < 0 ? s.length() : escape;
      out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
      if (escape < 0) {
        break;
      }
      if (escape + 2 >= s.length()) {
        throw new IllegalArgumentException("truncated %-escape in " + s);
      }
      int hi = Character.digit(s.charAt(escape + 1), 16);
      int lo = Character.digit(s.charAt(escape + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("invalid %-escape in " + s);
      }
      out.write(hi << 4 | lo);
      i = escape + 3;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Collects routes. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    public Builder get(String pattern, Handler handler) {
      return route(HttpMethod.GET, pattern, handler);
    }

    public Builder post(String pattern, Handler handler) {
      return route(HttpMethod.POST, pattern, handler);
    }

    public Builder put(String pattern, Handler handler) {
      return route(HttpMethod.PUT, pattern, handler);
    }

    public Builder patch(String pattern, Handler handler) {
      return route(HttpMethod.PATCH, pattern, handler);
    }

    public Builder route(HttpMethod method, String pattern, Handler handler) {
      routes.add(new Route(method, pattern, handler));
      return this;
    }

    public Router build() {
      return new Router(routes);
    }
  }
}
