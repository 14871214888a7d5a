package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Chooses a server for each request of one backend. Immutable apart from one atomic counter; safe
 * for any number of threads; built anew by the proxy whenever the backend's server list or weights
 * change.
 *
 * <p>A server is <em>available</em> when its weight is above 0, it is {@link LbServer#eligible()}
 * and it {@link LbServer#hasCapacity()}. A pick reads that state without reserving anything: two
 * threads may pick the same server's last slot, so the caller reserves the slot atomically and
 * picks again (or queues) when it lost the race.
 *
 * @param <S> the proxy's server type
 */
public interface Balancer<S extends LbServer> {

  /**
   * A balancer with {@link ThreadLocalRandom} as its random source.
   *
   * @see #create(Balance, List, Supplier)
   */
  static <S extends LbServer> Balancer<S> create(Balance algorithm, List<S> servers) {
    return create(algorithm, servers, ThreadLocalRandom::current);
  }

  /**
   * A balancer running {@code algorithm} over {@code servers}, in their order.
   *
   * @param random called on the picking thread whenever a random number is needed (random draws,
   *     and once at construction for the starting point of a rotation so that frequent rebuilds do
   *     not favour the first server); tests pass a seeded generator
   * @throws IllegalArgumentException when a server's weight is outside 0 to 256
   */
  static <S extends LbServer> Balancer<S> create(
      Balance algorithm, List<S> servers, Supplier<? extends RandomGenerator> random) {
    List<S> copy = List.copyOf(servers);
    return switch (algorithm) {
      case ROUNDROBIN -> new RoundRobinBalancer<>(copy, random.get());
      case LEASTCONN -> new LeastConnBalancer<>(copy, random.get());
      case RANDOM -> new RandomBalancer<>(copy, random);
      case SOURCE -> new ConsistentHashBalancer<>(Balance.SOURCE, copy);
      case URI -> new ConsistentHashBalancer<>(Balance.URI, copy);
    };
  }

  /** The algorithm this balancer runs. */
  Balance algorithm();

  /** The servers, in the order given to {@link #create}. */
  List<S> servers();

  /**
   * An available server for this request, or {@code null} when none is: then {@link #anyEligible()}
   * tells whether to queue the request (all busy) or to answer 503.
   */
  S pick(PickContext ctx);

  /**
   * Whether any server is eligible with a weight above 0, whatever its capacity. Scans the servers;
   * meant for the path where {@link #pick} returned {@code null}.
   */
  boolean anyEligible();
}
