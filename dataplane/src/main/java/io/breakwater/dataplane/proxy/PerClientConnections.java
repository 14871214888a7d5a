package io.breakwater.dataplane.proxy;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code frontends[].maxconnPerClient}: open connections per client address, as HAProxy's {@code
 * sc_conn_cur} or nginx's {@code limit_conn}. Touched only at accept and close, never per request:
 * each address's count changes inside {@link ConcurrentHashMap#compute}, which locks only that
 * address's bin, and an address leaves the map when its last connection closes, so the map holds
 * only addresses with connections open.
 */
final class PerClientConnections {
  private final ConcurrentHashMap<InetAddress, Count> open = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  /** Mutated only inside {@code compute}, which orders every access to it. */
  private static final class Count {
    int n;
  }

  /**
   * Counts a connection from {@code client}; false (and nothing counted) when it already has {@code
   * max} open.
   */
  boolean tryAcquire(InetAddress client, int max) {
    boolean[] admitted = new boolean[1];
    open.compute(
        client,
        (a, c) -> {
          Count count = c != null ? c : new Count();
          if (count.n < max) {
            count.n++;
            admitted[0] = true;
          }
          return count.n == 0 ? null : count;
        });
    if (!admitted[0]) {
      refused.increment();
    }
    return admitted[0];
  }

  /** A counted connection from {@code client} closed. */
  void release(InetAddress client) {
    open.computeIfPresent(client, (a, c) -> --c.n == 0 ? null : c);
  }

  /** Connections from {@code client} open now. */
  int open(InetAddress client) {
    Count c = open.get(client);
    return c == null ? 0 : c.n;
  }

  /** Client addresses with connections open now (the map's size). */
  int clients() {
    return open.size();
  }

  /** Connections closed at accept because their client was at the limit, since start. */
  long refused() {
    return refused.sum();
  }
}
