package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One upstream server.
 *
 * @param name unique within its backend; identity for state carried over hot swaps
 * @param address where to connect
 * @param weight 0 to {@value #MAX_WEIGHT}; 0 takes no new requests
 * @param maxconn concurrent requests to this server; 0 means unlimited
 */
public record Server(String name, HostPort address, int weight, int maxconn) {

  public static final int DEFAULT_WEIGHT = 1;
  public static final int MAX_WEIGHT = 256;

  public Server {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
  }
}
