package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.policy.RoutePolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a matched route leads to: a backend, the route's own faults ({@code null}: the backend's),
 * the compiled traffic policy, the split and the mirror (each {@code null} = none).
 *
 * <p>A target holds its backends by their {@link BackendState}, never by a compiled {@link
 * BackendRuntime}: a request reads the backend's current runtime when it is routed (one volatile
 * read), so publishing a new runtime for one backend reaches every route, split, mirror and default
 * backend that names it at once, without recompiling any route table.
 */
record RouteTarget(
    BackendState backend,
    Faults routeFaults,
    RoutePolicy policy,
    Split split,
    MirrorTarget mirror) {

  /** A target using the backend's own faults, without policy, split or mirror. */
  static RouteTarget of(BackendRuntime backend, Faults routeFaults) {
    return of(backend.state, routeFaults, null, null, null);
  }

  static RouteTarget of(
      BackendState backend, Faults routeFaults, RoutePolicy p, Split s, MirrorTarget m) {
    return new RouteTarget(backend, routeFaults, p, s, m);
  }

  /** The faults to inject: the route's own, else its backend's as running now; null = none. */
  Faults faults() {
    return routeFaults != null ? routeFaults : backend.current().config.policy().faults();
  }

  /** The backend a request goes to, as running now: the split's choice, else the route's own. */
  BackendRuntime backendFor(HttpHeaders h) {
    if (split == null) {
      return backend.current();
    }
    BackendState b = split.pick(h);
    return (b != null ? b : backend).current();
  }

  /**
   * More backends of a route: entries whose header or cookie matches take the request first, in
   * order; the others share by weight (percent), the rest staying with the route's backend.
   */
  record Split(
      BackendState[] backends,
      String[] headerNames,
      String[] headerValues,
      String[] cookieNames,
      String[] cookieValues,
      int[] cumulativeWeights,
      boolean anyCookie) {

    BackendState pick(HttpHeaders h) {
      for (int i = 0; i < backends.length; i++) {
        if (headerNames[i] != null && headerValues[i].equals(h.get(headerNames[i]))) {
          return backends[i];
        }
      }
      if (anyCookie) {
        String cookies = h.get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
          for (Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
            for (int i = 0; i < backends.length; i++) {
              if (c.name().equals(cookieNames[i]) && c.value().equals(cookieValues[i])) {
                return backends[i];
              }
            }
          }
        }
      }
      int r = ThreadLocalRandom.current().nextInt(100);
      for (int i = 0; i < backends.length; i++) {
        if (r < cumulativeWeights[i]) {
          return backends[i];
        }
      }
      return null;
    }
  }
}
