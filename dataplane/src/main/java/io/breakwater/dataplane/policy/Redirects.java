package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.TrafficPolicy;

/**
 * Builds {@code Location} values: a configured redirect's, and {@code sslRedirect}'s (the same URL
 * over HTTPS, on the default port).
 */
public final class Redirects {
  private Redirects() {}

  /**
   * Where {@code r} sends a request.
   *
   * @param scheme the request's scheme
   * @param hostHeader the request's {@code Host} (may carry a port), or null
   * @param uri the request-target (origin-form)
   */
  public static String location(
      TrafficPolicy.Redirect r, String scheme, String hostHeader, String uri) {
    String host = HostHeader.host(hostHeader);
    int port = HostHeader.port(hostHeader);
    String newScheme = r.scheme() != null ? r.scheme() : scheme;
    String newHost = r.host() != null ? r.host() : host;
    int newPort;
    if (r.port() != null) {
      newPort = r.port();
    } else if (newScheme.equals(scheme)) {
      newPort = port;
    } else {
      newPort = -1;
    }
    int q = uri.indexOf('?');
    String path = r.path() != null ? r.path() : (q < 0 ? uri : uri.substring(0, q));
    String query = q < 0 ? "" : uri.substring(q);
    return url(newScheme, newHost, newPort, path + query);
  }

  /** The HTTPS URL of the request, for {@code sslRedirect}. */
  public static String https(String hostHeader, String uri) {
    return url("https", HostHeader.host(hostHeader), -1, uri);
  }

  private static String url(String scheme, String host, int port, String target) {
    StringBuilder b = new StringBuilder(scheme.length() + host.length() + target.length() + 16);
    b.append(scheme).append("://");
    if (host.indexOf(':') >= 0) {
      b.append('[').append(host).append(']');
    } else {
      b.append(host);
    }
    boolean defaultPort =
        port < 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    if (!defaultPort) {
      b.append(':').append(port);
    }
    return b.append(target).toString();
  }
}
