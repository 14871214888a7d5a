package io.breakwater.dataplane.balance;

import io.breakwater.dataplane.config.Balance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** TEMPORARY placeholder until the route branch lands. */
public final class Balancer<S extends LbServer> {
  private final List<S> servers;
  private final AtomicInteger next = new AtomicInteger();

  private Balancer(List<S> servers) {
    this.servers = List.copyOf(servers);
  }

  public static <S extends LbServer> Balancer<S> create(Balance algorithm, List<S> servers) {
    return new Balancer<>(servers);
  }

  public S pick(PickContext ctx) {
    int n = servers.size();
    for (int i = 0; i < n; i++) {
      S s = servers.get(Math.floorMod(next.getAndIncrement(), n));
      if (s.eligible() && s.weight() > 0 && s.hasCapacity()) {
        return s;
      }
    }
    return null;
  }

  public boolean anyEligible() {
    for (S s : servers) {
      if (s.eligible() && s.weight() > 0) {
        return true;
      }
    }
    return false;
  }
}
