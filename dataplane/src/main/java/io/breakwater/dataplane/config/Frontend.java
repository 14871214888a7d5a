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
 */
public record Frontend(
    String name,
    HostPort listen,
    String defaultBackend,
    List<Route> routes,
    Timeouts timeouts,
    Tls tls) {

  public Frontend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    routes = List.copyOf(routes);
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** A plain HTTP frontend. */
  public Frontend(
      String name, HostPort listen, String defaultBackend, List<Route> routes, Timeouts timeouts) {
    this(name, listen, defaultBackend, routes, timeouts, null);
  }
}
