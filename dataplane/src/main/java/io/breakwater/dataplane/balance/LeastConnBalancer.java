package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Least connections: the available server with the fewest active requests relative to its weight
 * ({@code active_a * weight_b < active_b * weight_a}, no division). The scan starts one server
 * further on each pick, and a server only replaces the best so far when strictly less loaded, so
 * equally loaded servers take turns.
 *
 * <p>Active counts change with every request and the proxy does not report those changes, so there
 * is no index to keep: a pick scans the servers, O(servers). It stops at the first idle available
 * server, which nothing can beat, so a lightly loaded backend answers after a few reads.
 */
final class LeastConnBalancer<S extends LbServer> extends AbstractBalancer<S> {

  private final AtomicInteger rotation;

  LeastConnBalancer(List<S> servers, RandomGenerator random) {
    super(Balance.LEASTCONN, servers);
    this.rotation = new AtomicInteger(servers.isEmpty() ? 0 : random.nextInt(servers.size()));
  }

  @Override
  public S pick(PickContext ctx) {
    int n = servers.length;
    if (n == 0) {
      return null;
    }
    int i = Math.floorMod(rotation.getAndIncrement(), n);
    int best = -1;
    int bestActive = 0;
    int bestWeight = 1;
    for (int k = 0; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      LbServer s = servers[i];
      int w = s.weight();
      if (w <= 0 || !s.eligible() || !s.hasCapacity()) {
        continue;
      }
      int active = s.active();
      if (active <= 0) {
        return server(i);
      }
      if (best < 0 || lessLoaded(active, w, bestActive, bestWeight)) {
        best = i;
        bestActive = active;
        bestWeight = w;
      }
    }
    return best < 0 ? null : server(best);
  }
}
