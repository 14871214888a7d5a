package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.route.RouteTable;

/** A frontend as compiled for one config snapshot: its route table over compiled backends. */
final class FrontendRuntime {
  final Frontend config;
  final FrontendState state;
  final RouteTable<BackendRuntime> routes;
  final BackendRuntime defaultBackend;
  final long httpRequestNanos;
  final long keepAliveNanos;
  final long clientNanos;

  FrontendRuntime(
      Frontend config,
      FrontendState state,
      RouteTable<BackendRuntime> routes,
      BackendRuntime defaultBackend) {
    this.config = config;
    this.state = state;
    this.routes = routes;
    this.defaultBackend = defaultBackend;
    this.httpRequestNanos = config.timeouts().httpRequest().toNanos();
    this.keepAliveNanos = config.timeouts().httpKeepAlive().toNanos();
    this.clientNanos = config.timeouts().client().toNanos();
  }

  /** The backend for a request, the default backend when no route matches, or null (404). */
  BackendRuntime route(String host, String uri) {
    BackendRuntime b = routes.lookup(host, uri);
    return b != null ? b : defaultBackend;
  }
}
