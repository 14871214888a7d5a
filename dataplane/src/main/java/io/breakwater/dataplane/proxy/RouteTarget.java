package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Faults;

/**
 * What a matched route leads to: a compiled backend, and the faults to inject (the route's own, or
 * else the backend's; {@code null} = none).
 */
record RouteTarget(BackendRuntime backend, Faults faults) {

  /** A target using the backend's own faults. */
  static RouteTarget of(BackendRuntime backend, Faults routeFaults) {
    return new RouteTarget(
        backend, routeFaults != null ? routeFaults : backend.config.policy().faults());
  }
}
