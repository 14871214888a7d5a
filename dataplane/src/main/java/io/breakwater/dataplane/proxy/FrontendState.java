package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.ErrorCapture;
import io.breakwater.dataplane.stats.MaxGauge;
import io.breakwater.dataplane.stats.RateCounter;
import io.breakwater.dataplane.stats.TrafficStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a frontend keeps across hot swaps: its counters and its captured errors. */
public final class FrontendState {
  private final String name;
  private final TrafficStats stats = new TrafficStats();
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder connectionsTotal = new LongAdder();
  private final MaxGauge connectionsMax = new MaxGauge();
  private final RateCounter sessionRate = new RateCounter();
  private final ErrorCapture errors = new ErrorCapture();
  private final PerClientConnections perClient = new PerClientConnections();

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

  /** The most client connections open at once. */
  public int connectionsMax() {
    return connectionsMax.get();
  }

  /** The last malformed requests and responses ({@code show errors}). */
  public ErrorCapture errors() {
    return errors;
  }

  /** Open connections per client address ({@code maxconnPerClient}); kept across swaps. */
  PerClientConnections perClient() {
    return perClient;
  }

  /** Connections closed at accept because their client was at {@code maxconnPerClient}. */
  public long connectionsRefusedPerClient() {
    return perClient.refused();
  }

  /** New connections per second, and its maximum. */
  public RateCounter sessionRate() {
    return sessionRate;
  }

  void connectionOpened() {
    connectionsMax.observe(connections.incrementAndGet());
    connectionsTotal.increment();
    sessionRate.increment();
  }

  /** Resets counters ({@code clear counters}); open connections stay counted. */
  public void clear() {
    stats.clear();
    connectionsMax.clear();
    sessionRate.clear();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }
}
