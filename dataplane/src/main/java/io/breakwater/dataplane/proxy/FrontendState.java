package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.TrafficStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a frontend keeps across hot swaps: its counters. */
public final class FrontendState {
  private final String name;
  private final TrafficStats stats = new TrafficStats();
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder connectionsTotal = new LongAdder();

  FrontendState(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public TrafficStats stats() {
    return stats;
  }

  /** Client connections open now. */
  public int connections() {
    return connections.get();
  }

  /** Client connections accepted since start. */
  public long connectionsTotal() {
    return connectionsTotal.sum();
  }

  void connectionOpened() {
    connections.incrementAndGet();
    connectionsTotal.increment();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }
}
