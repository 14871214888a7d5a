package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Server;
import java.util.List;

/** State and helpers every algorithm shares: the server array and the availability rule. */
abstract class AbstractBalancer<S extends LbServer> implements Balancer<S> {

  private final Balance algorithm;
  private final List<S> serverList;

  /** The servers as an array: an index is all a precomputed table needs to store. */
  final LbServer[] servers;

  /** Each server's weight when the balancer was built. */
  final int[] weights;

  /** Algorithms store server indices in 24 bits of their tables. */
  static final int MAX_SERVERS = 1 << 24;

  AbstractBalancer(Balance algorithm, List<S> servers) {
    if (servers.size() > MAX_SERVERS) {
      throw new IllegalArgumentException(
          "servers: " + servers.size() + " (expected: <= " + MAX_SERVERS + ")");
    }
    this.algorithm = algorithm;
    this.serverList = servers;
    this.servers = servers.toArray(new LbServer[0]);
    this.weights = new int[this.servers.length];
    for (int i = 0; i < weights.length; i++) {
      int w = this.servers[i].weight();
      if (w < 0 || w > Server.MAX_WEIGHT) {
        throw new IllegalArgumentException(
            "servers[" + i + "].weight: " + w + " (expected: 0.." + Server.MAX_WEIGHT + ")");
      }
      weights[i] = w;
    }
  }

  static boolean available(LbServer s) {
    return s.weight() > 0 && s.eligible() && s.hasCapacity();
  }

  /** Whether {@code a} is less loaded than {@code b}: active/weight compared without division. */
  static boolean lessLoaded(int activeA, int weightA, int activeB, int weightB) {
    return (long) activeA * weightB < (long) activeB * weightA;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  @SuppressWarnings("unchecked")
  final S server(int index) {
    return (S) servers[index];
  }

  /**
   * The first available server from {@code start} on, wrapping around: the fallback when an
   * algorithm's own order found none within its bound. O(servers).
   */
  final S firstAvailableFrom(int start) {
    int n = servers.length;
    for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      if (available(servers[i])) {
        return server(i);
      }
    }
    return null;
  }

  @Override
  public final Balance algorithm() {
    return algorithm;
  }

  @Override
  public final List<S> servers() {
    return serverList;
  }

  @Override
  public final boolean anyEligible() {
    for (LbServer s : servers) {
      if (s.weight() > 0 && s.eligible()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return algorithm.configName() + "(" + servers.length + " servers)";
  }
}
