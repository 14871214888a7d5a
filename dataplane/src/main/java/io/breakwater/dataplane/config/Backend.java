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
 * @param policy effective resilience policy (defaults merged with this backend's own)
 * @param servers the servers; may be empty (requests then get 503)
 * @param tls TLS to the servers; {@code null} for plain connections
 */
public record Backend(
    String name,
    Balance balance,
    int maxqueue,
    Timeouts timeouts,
    BackendPolicy policy,
    List<Server> servers,
    BackendTls tls) {

  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(policy, "policy");
    servers = List.copyOf(servers);
  }

  /** A plain (not TLS) backend. */
  public Backend(
      String name,
      Balance balance,
      int maxqueue,
      Timeouts timeouts,
      BackendPolicy policy,
      List<Server> servers) {
    this(name, balance, maxqueue, timeouts, policy, servers, null);
  }

  /** A backend with the default policy. */
  public Backend(
      String name, Balance balance, int maxqueue, Timeouts timeouts, List<Server> servers) {
    this(name, balance, maxqueue, timeouts, BackendPolicy.DEFAULT, servers);
  }

  /** This backend with another server set, everything else unchanged. */
  public Backend withServers(List<Server> newServers) {
    return new Backend(name, balance, maxqueue, timeouts, policy, newServers, tls);
  }

  /** This backend with another policy, everything else unchanged. */
  public Backend withPolicy(BackendPolicy newPolicy) {
    return new Backend(name, balance, maxqueue, timeouts, newPolicy, servers, tls);
  }

  /** This backend with other TLS settings ({@code null}: plain), everything else unchanged. */
  public Backend withTls(BackendTls newTls) {
    return new Backend(name, balance, maxqueue, timeouts, policy, servers, newTls);
  }
}
