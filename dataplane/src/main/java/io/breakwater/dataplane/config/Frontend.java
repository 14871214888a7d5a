package io.breakwater.dataplane.config;

import java.util.List;
import java.util.Objects;

/**
 * A listening socket and its routes.
 *
 * @param name unique among frontends
 * @param listen the address to bind
 * @param defaultBackend served when no route matches; {@code null} answers 404
 * @param routes host and path rules, each naming a backend
 * @param timeouts effective timeouts (defaults merged with this frontend's own)
 * @param tls TLS termination; {@code null} for plain HTTP
 * @param http2 whether clients may speak HTTP/2: ALPN {@code h2} over TLS, prior knowledge (h2c) in
 *     plain HTTP
 */
public record Frontend(
    String name,
    HostPort listen,
    String defaultBackend,
    List<Route> routes,
    Timeouts timeouts,
    Tls tls,
    boolean http2) {

  public Frontend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    routes = List.copyOf(routes);
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** A plain HTTP frontend. */
  public Frontend(
      String name, HostPort listen, String defaultBackend, List<Route> routes, Timeouts timeouts) {
    this(name, listen, defaultBackend, routes, timeouts, null, false);
  }
}
