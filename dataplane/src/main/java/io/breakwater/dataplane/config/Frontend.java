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
 * @param tls TLS termination; {@code null} for plain HTTP
 * @param http2 whether clients may speak HTTP/2: ALPN {@code h2} over TLS, prior knowledge (h2c) in
 *     plain HTTP
 * @param maxconnPerClient the most connections one client address may have open on this frontend;
 *     more are closed at accept. 0 = no limit
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
    TrafficPolicy policy,
    Tls tls,
    boolean http2,
    int maxconnPerClient) {

  public Frontend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    routes = List.copyOf(routes);
    Objects.requireNonNull(timeouts, "timeouts");
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(policy, "policy");
  }

  /** A frontend without a per-client connection limit. */
  public Frontend(
      String name,
      HostPort listen,
      String defaultBackend,
      List<Route> routes,
      Timeouts timeouts,
      boolean proxyProtocol,
      List<String> trustedProxies,
      RequestId requestId,
      TrafficPolicy policy,
      Tls tls,
      boolean http2) {
    this(
        name,
        listen,
        defaultBackend,
        routes,
        timeouts,
        proxyProtocol,
        trustedProxies,
        requestId,
        policy,
        tls,
        http2,
        0);
  }

  /** A plain HTTP/1.1 frontend without PROXY protocol, trusted proxies or a policy. */
  public Frontend(
      String name, HostPort listen, String defaultBackend, List<Route> routes, Timeouts timeouts) {
    this(name, listen, defaultBackend, routes, timeouts, null, false);
  }

  /** A frontend with TLS and HTTP/2 settings, without PROXY protocol, trusted proxies or policy. */
  public Frontend(
      String name,
      HostPort listen,
      String defaultBackend,
      List<Route> routes,
      Timeouts timeouts,
      Tls tls,
      boolean http2) {
    this(
        name,
        listen,
        defaultBackend,
        routes,
        timeouts,
        false,
        List.of(),
        RequestId.DEFAULT,
        TrafficPolicy.NONE,
        tls,
        http2);
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
        policy,
        tls,
        http2,
        maxconnPerClient);
  }

  /** This frontend listening on another address, everything else the same. */
  public Frontend withListen(HostPort address) {
    return new Frontend(
        name,
        address,
        defaultBackend,
        routes,
        timeouts,
        proxyProtocol,
        trustedProxies,
        requestId,
        policy,
        tls,
        http2,
        maxconnPerClient);
  }
}
