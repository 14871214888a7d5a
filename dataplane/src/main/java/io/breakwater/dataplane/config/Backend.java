package io.breakwater.dataplane.config;

import java.util.List;
import java.util.Objects;

/**
 * A named set of servers and how requests are spread over them.
 *
 * @param name unique among backends; the controller uses {@code namespace/service/port}
 * @param balance the load-balancing algorithm
 * @param maxqueue limit of requests waiting for a server slot; 0 means unlimited
 * @param timeouts effective timeouts (defaults merged with this backend's own)
 * @param servers the servers; may be empty (requests then get 503)
 */
public record Backend(
    String name, Balance balance, int maxqueue, Timeouts timeouts, List<Server> servers) {

  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(timeouts, "timeouts");
    servers = List.copyOf(servers);
  }

  /** This backend with another server set, everything else unchanged. */
  public Backend withServers(List<Server> newServers) {
    return new Backend(name, balance, maxqueue, timeouts, newServers);
  }
}
