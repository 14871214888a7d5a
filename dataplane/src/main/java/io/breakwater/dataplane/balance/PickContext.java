package io.breakwater.dataplane.balance;

import java.net.InetAddress;

/** The facts of a request that a {@link Balancer} may choose by. */
public interface PickContext {

  /** The client's address, hashed by {@code source}; {@code null} when unknown. */
  InetAddress clientAddress();

  /**
   * The request path, hashed by {@code uri}; anything from a {@code ?} or {@code #} on is ignored.
   * {@code null} when unknown.
   */
  CharSequence path();
}
