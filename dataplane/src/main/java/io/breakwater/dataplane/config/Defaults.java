package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * Values every frontend and backend inherits unless it sets its own.
 *
 * @param timeouts the timeouts, each overridable per frontend or backend
 * @param balance the load-balancing algorithm of backends
 * @param maxconn per-server concurrent request limit; 0 means unlimited
 * @param maxqueue per-backend limit of requests waiting for a server slot; 0 means unlimited
 * @param policy the resilience policy backends inherit
 */
public record Defaults(
    Timeouts timeouts, Balance balance, int maxconn, int maxqueue, BackendPolicy policy) {

  public static final Defaults DEFAULT =
      new Defaults(Timeouts.DEFAULT, Balance.ROUNDROBIN, 0, 0, BackendPolicy.DEFAULT);

  public Defaults {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(policy, "policy");
  }

  /** Defaults with the default policy. */
  public Defaults(Timeouts timeouts, Balance balance, int maxconn, int maxqueue) {
    this(timeouts, balance, maxconn, maxqueue, BackendPolicy.DEFAULT);
  }
}
