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
 * @param protocol what the dataplane speaks to the servers
 * @param maxStreams with an HTTP/2 protocol, the most streams one connection carries (the server's
 *     {@code SETTINGS_MAX_CONCURRENT_STREAMS} may lower it)
 * @param maxBodySize the largest request body in bytes the backend accepts, larger gets 413; 0 = no
 *     limit. A route whose policy sets its own {@code maxBodySize} uses that instead.
 */
public record Backend(
    String name,
    Balance balance,
    int maxqueue,
    Timeouts timeouts,
    BackendPolicy policy,
    List<Server> servers,
    BackendTls tls,
    BackendProtocol protocol,
    int maxStreams,
    int maxBodySize) {

  /** Streams per HTTP/2 connection to a server unless configured: {@value}. */
  public static final int DEFAULT_MAX_STREAMS = 100;

  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(policy, "policy");
    servers = List.copyOf(servers);
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A backend without a body limit of its own. */
  public Backend(
      String name,
      Balance balance,
      int maxqueue,
      Timeouts timeouts,
      BackendPolicy policy,
      List<Server> servers,
      BackendTls tls,
      BackendProtocol protocol,
      int maxStreams) {
    this(name, balance, maxqueue, timeouts, policy, servers, tls, protocol, maxStreams, 0);
  }

  /** An HTTP/1.1 backend, TLS or not. */
  public Backend(
      String name,
      Balance balance,
      int maxqueue,
      Timeouts timeouts,
      BackendPolicy policy,
      List<Server> servers,
      BackendTls tls) {
    this(
        name,
        balance,
        maxqueue,
        timeouts,
        policy,
        servers,
        tls,
        BackendProtocol.HTTP1,
        DEFAULT_MAX_STREAMS);
  }

  /** A plain (not TLS) HTTP/1.1 backend. */
  public Backend(
      String name,
      Balance balance,
      int maxqueue,
      Timeouts timeouts,
      BackendPolicy policy,
      List<Server> servers) {
    this(name, balance, maxqueue, timeouts, policy, servers, null);
  }

  /** A plain backend speaking {@code protocol}. */
  public Backend(
      String name,
      Balance balance,
      int maxqueue,
      Timeouts timeouts,
      BackendPolicy policy,
      List<Server> servers,
      BackendProtocol protocol,
      int maxStreams) {
    this(name, balance, maxqueue, timeouts, policy, servers, null, protocol, maxStreams);
  }

  /** A backend with the default policy. */
  public Backend(
      String name, Balance balance, int maxqueue, Timeouts timeouts, List<Server> servers) {
    this(name, balance, maxqueue, timeouts, BackendPolicy.DEFAULT, servers);
  }

  /** This backend with another server set, everything else unchanged. */
  public Backend withServers(List<Server> newServers) {
    return new Backend(
        name,
        balance,
        maxqueue,
        timeouts,
        policy,
        newServers,
        tls,
        protocol,
        maxStreams,
        maxBodySize);
  }

  /** This backend with another policy, everything else unchanged. */
  public Backend withPolicy(BackendPolicy newPolicy) {
    return new Backend(
        name,
        balance,
        maxqueue,
        timeouts,
        newPolicy,
        servers,
        tls,
        protocol,
        maxStreams,
        maxBodySize);
  }

  /** This backend with other TLS settings ({@code null}: plain), everything else unchanged. */
  public Backend withTls(BackendTls newTls) {
    return new Backend(
        name,
        balance,
        maxqueue,
        timeouts,
        policy,
        servers,
        newTls,
        protocol,
        maxStreams,
        maxBodySize);
  }
}
