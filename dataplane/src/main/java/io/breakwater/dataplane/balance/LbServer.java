package io.breakwater.dataplane.balance;

/**
 * What a {@link Balancer} needs to know of a server. Implemented by the proxy's server objects;
 * every method is called on the hot path from several event loops at once, so each should be a
 * plain or volatile field read.
 */
public interface LbServer {

  /**
   * The server's identity within its backend ({@code Server.name()} in the config). Consistent
   * hashing places the server on its ring by this name, so a key keeps its server across rebuilds
   * of the balancer and across dataplane replicas.
   */
  String name();

  /**
   * The configured weight, 0 to 256; 0 takes no new requests. Proportions are taken from the
   * weights at {@link Balancer#create construction}; a weight that drops to 0 afterwards is
   * honoured at once, other changes when the proxy rebuilds the balancer.
   */
  int weight();

  /** Up, in rotation, not removed. May change at any time. */
  boolean eligible();

  /** Below its maxconn; always true when maxconn is 0. */
  boolean hasCapacity();

  /** Requests in flight to the server now. */
  int active();
}
