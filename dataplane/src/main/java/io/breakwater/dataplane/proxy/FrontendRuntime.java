package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.policy.AddressSet;
import io.breakwater.dataplane.policy.RoutePolicy;
import io.breakwater.dataplane.route.RouteTable;
import io.breakwater.dataplane.tls.TlsContexts;
import io.netty.util.AsciiString;

/**
 * A frontend as compiled for one config snapshot: its route table, whose targets reach their
 * backends through each backend's {@link BackendState} (so a backend can be recompiled alone).
 */
final class FrontendRuntime {
  final Frontend config;
  final FrontendState state;
  final RouteTable<RouteTarget> routes;
  final RouteTarget defaultTarget;
  final long httpRequestNanos;
  final long keepAliveNanos;
  final long clientNanos;

  /** Peers whose X-Forwarded-For and -Proto are believed; null = none. */
  final AddressSet trustedProxies;

  /** The request id header. */
  final AsciiString requestIdHeader;

  /** Whether a request without an id gets one. */
  final boolean generateRequestId;

  /** The frontend's certificates; {@code null} for plain HTTP. */
  final TlsContexts tls;

  /** {@code X-Forwarded-Proto}: {@code https} behind TLS. */
  final String scheme;

  FrontendRuntime(
      Frontend config,
      FrontendState state,
      RouteTable<RouteTarget> routes,
      BackendRuntime defaultBackend) {
    this(config, state, routes, defaultBackend == null ? null : defaultBackend.state, null, null);
  }

  FrontendRuntime(
      Frontend config,
      FrontendState state,
      RouteTable<RouteTarget> routes,
      BackendState defaultBackend,
      MirrorTarget defaultMirror,
      TlsContexts tls) {
    this.tls = tls;
    this.scheme = tls != null ? "https" : "http";
    this.config = config;
    this.state = state;
    this.routes = routes;
    this.defaultTarget =
        defaultBackend == null
            ? null
            : RouteTarget.of(
                defaultBackend,
                null,
                RoutePolicy.compile(config.policy(), null, null),
                null,
                defaultMirror);
    this.httpRequestNanos = config.timeouts().httpRequest().toNanos();
    this.keepAliveNanos = config.timeouts().httpKeepAlive().toNanos();
    this.clientNanos = config.timeouts().client().toNanos();
    AddressSet trusted = AddressSet.of(config.trustedProxies());
    this.trustedProxies = trusted == null || trusted.isEmpty() ? null : trusted;
    this.requestIdHeader = AsciiString.cached(config.requestId().header());
    this.generateRequestId = config.requestId().generate();
  }

  /** The target of a request, the default backend when no route matches, or null (404). */
  RouteTarget route(String host, String uri) {
    RouteTarget t = routes.lookup(host, uri);
    return t != null ? t : defaultTarget;
  }
}
