package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One upstream server.
 *
 * @param name unique within its backend; identity for state carried over hot swaps
 * @param address where to connect
 * @param weight 0 to {@value #MAX_WEIGHT}; 0 takes no new requests
 * @param maxconn concurrent requests to this server; 0 means unlimited
 * @param initialState health before the first check (default UP)
 * @param healthCheck effective health check (the backend's, with this server's overrides); {@code
 *     null} = not checked
 */
public record Server(
    String name,
    HostPort address,
    int weight,
    int maxconn,
    InitialState initialState,
    HealthCheck healthCheck) {

  public static final int DEFAULT_WEIGHT = 1;
  public static final int MAX_WEIGHT = 256;

  public Server {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(initialState, "initialState");
  }

  /** An unchecked server, UP from the start. */
  public Server(String name, HostPort address, int weight, int maxconn) {
    this(name, address, weight, maxconn, InitialState.UP, null);
  }

  /** This server with another health check, everything else unchanged. */
  public Server withHealthCheck(HealthCheck check) {
    return new Server(name, address, weight, maxconn, initialState, check);
  }
}
