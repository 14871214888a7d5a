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
 * @param maxBodySize the request body limit of backends that set none; 0 means no limit
 */
public record Defaults(
    Timeouts timeouts,
    Balance balance,
    int maxconn,
    int maxqueue,
    BackendPolicy policy,
    int maxBodySize) {

  public static final Defaults DEFAULT =
      new Defaults(Timeouts.DEFAULT, Balance.ROUNDROBIN, 0, 0, BackendPolicy.DEFAULT, 0);

  public Defaults {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(policy, "policy");
  }

  /** Defaults without a body limit. */
  public Defaults(
      Timeouts timeouts, Balance balance, int maxconn, int maxqueue, BackendPolicy policy) {
    this(timeouts, balance, maxconn, maxqueue, policy, 0);
  }

  /** Defaults with the default policy. */
  public Defaults(Timeouts timeouts, Balance balance, int maxconn, int maxqueue) {
    this(timeouts, balance, maxconn, maxqueue, BackendPolicy.DEFAULT);
  }
}
