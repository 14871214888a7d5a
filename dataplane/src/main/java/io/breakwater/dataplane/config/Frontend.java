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
 * @param proxyProtocol every connection starts with a PROXY protocol header (v1 or v2), whose
 *     source address is the client's
 * @param trustedProxies CIDR ranges of peers whose {@code X-Forwarded-For} and {@code
 *     X-Forwarded-Proto} are believed
 * @param requestId how requests get their id
 * @param policy the traffic policy every route (and the default backend) starts from
 */
public record Frontend(
    String name,
    HostPort listen,
    String defaultBackend,
    List<Route> routes,
    Timeouts timeouts,
    boolean proxyProtocol,
    List<String> trustedProxies,
    RequestId requestId,
    TrafficPolicy policy) {

  public Frontend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    routes = List.copyOf(routes);
    Objects.requireNonNull(timeouts, "timeouts");
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(policy, "policy");
  }

  /** A frontend without PROXY protocol, trusted proxies or a policy, with default request ids. */
  public Frontend(
      String name, HostPort listen, String defaultBackend, List<Route> routes, Timeouts timeouts) {
    this(
        name,
        listen,
        defaultBackend,
        routes,
        timeouts,
        false,
        List.of(),
        RequestId.DEFAULT,
        TrafficPolicy.NONE);
  }

  /** This frontend with other routes. */
  public Frontend withRoutes(List<Route> r) {
    return new Frontend(
        name,
        listen,
        defaultBackend,
        r,
        timeouts,
        proxyProtocol,
        trustedProxies,
        requestId,
        policy);
  }
}
