package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.balance.LbServer;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.HealthState;
import io.breakwater.dataplane.stats.MaxGauge;
import io.breakwater.dataplane.stats.TrafficStats;
import io.breakwater.dataplane.tls.UpstreamTls;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything about one server that outlives a config snapshot: its request slots, connection pools
 * and counters. Keyed by backend and server name in the registry and carried over every hot swap in
 * which the server remains. A changed address bumps {@link #generation()}, which retires pooled
 * connections to the old address.
 */
public final class ServerState implements LbServer {
  private final BackendState backend;
  private final String name;
  private final ConnectionPool[] pools;
  private final AtomicInteger active = new AtomicInteger();
  private final TrafficStats stats = new TrafficStats();
  private final MaxGauge activeMax = new MaxGauge();
  private volatile Server config;
  private volatile InetSocketAddress address;
  private volatile int generation;
  private volatile UpstreamTls tls;
  private volatile boolean removed;
  private volatile AdminState adminState = AdminState.READY;
  private final ServerResilience resilience;

  ServerState(
      BackendState backend,
      Server config,
      InetSocketAddress address,
      EventLoops loops,
      Ticker ticker) {
    this.backend = backend;
    this.name = config.name();
    this.config = config;
    this.address = address;
    this.pools = new ConnectionPool[loops.size()];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = new ConnectionPool(loops.get(i));
    }
    this.resilience = new ServerResilience(this, ticker);
  }

  /** A configured server with the default policy and the system clock (tests). */
  ServerState(BackendState backend, Server config, InetSocketAddress address, EventLoops loops) {
    this(backend, config, address, loops, Ticker.systemTicker());
    resilience.configure(config, BackendPolicy.DEFAULT);
  }

  ServerResilience resilience() {
    return resilience;
  }

  /** Health as active checks and passive observation found it. */
  public HealthState health() {
    return resilience.health();
  }

  /** The outlier-detection breaker, or null without outlier detection. */
  public CircuitBreaker outlier() {
    return resilience.outlier();
  }

  public String name() {
    return name;
  }

  public BackendState backend() {
    return backend;
  }

  public Server config() {
    return config;
  }

  public InetSocketAddress address() {
    return address;
  }

  public TrafficStats stats() {
    return stats;
  }

  public boolean removed() {
    return removed;
  }

  int generation() {
    return generation;
  }

  /**
   * TLS to this server (its backend's), or {@code null} for plain connections. Read after {@link
   * #generation()}: a connection made with an older context then carries an older generation and is
   * not pooled again.
   */
  UpstreamTls tls() {
    return tls;
  }

  /** The pool of the calling loop. */
  ConnectionPool pool(int loopIndex) {
    return pools[loopIndex];
  }

  @Override
  public int weight() {
    return config.weight();
  }

  /**
   * Takes new requests: not removed, READY, UP by its checks, and not ejected by outlier detection
   * — unless its backend is in panic (too few servers left), when ejections are ignored.
   */
  @Override
  public boolean eligible() {
    return !removed
        && adminState == AdminState.READY
        && resilience.up()
        && (!resilience.ejected() || backend.panic());
  }

  /** Eligible when panic is not considered (what the panic computation counts). */
  boolean eligibleWithoutPanic() {
    return !removed && adminState == AdminState.READY && resilience.up() && !resilience.ejected();
  }

  public AdminState adminState() {
    return adminState;
  }

  /**
   * Sets the administrative state; takes effect for the next request picked. MAINT pauses health
   * checks; leaving it resumes them.
   */
  public void setAdminState(AdminState state) {
    this.adminState = java.util.Objects.requireNonNull(state, "state");
    resilience.adminStateChanged(state);
    backend.recomputePanic();
  }

  /**
   * Sets the administrative state of a server not published yet (created by the apply in progress),
   * without the side effects of {@link #setAdminState}: the checker is started later, knowing it.
   */
  void initAdminState(AdminState state) {
    this.adminState = java.util.Objects.requireNonNull(state, "state");
  }

  @Override
  public boolean hasCapacity() {
    int max = config.maxconn();
    return max == 0 || active.get() < max;
  }

  @Override
  public int active() {
    return active.get();
  }

  /** Takes a request slot when below maxconn. */
  boolean tryAcquire() {
    int max = config.maxconn();
    if (max == 0) {
      activeMax.observe(active.incrementAndGet());
      return true;
    }
    for (; ; ) {
      int a = active.get();
      if (a >= max) {
        return false;
      }
      if (active.compareAndSet(a, a + 1)) {
        activeMax.observe(a + 1);
        return true;
      }
    }
  }

  /** The most requests in flight to this server at once. */
  public int activeMax() {
    return activeMax.get();
  }

  /**
   * Stops or resumes health checks (HAProxy's {@code disable/enable health}); while stopped the
   * server counts as UP.
   */
  public void setHealthChecksEnabled(boolean enabled) {
    resilience.setChecksEnabled(enabled);
    backend.recomputePanic();
  }

  /** Total time spent DOWN, in nanoseconds. */
  public long downtimeNanos() {
    return resilience.downtimeNanos();
  }

  /** Resets counters ({@code clear counters}). */
  public void clear() {
    stats.clear();
    activeMax.clear();
  }

  /** Gives a slot back and lets a queued request of the backend have it. */
  void release() {
    active.decrementAndGet();
    backend.slotFreed();
  }

  /** Gives a slot back without looking at the queue (the queue itself is handing slots out). */
  void releaseSlotOnly() {
    active.decrementAndGet();
  }

  /** Applies a new config for this server (same name). Returns true when the address changed. */
  boolean update(Server newConfig, InetSocketAddress newAddress, BackendPolicy policy) {
    return update(newConfig, newAddress, policy, tls);
  }

  /**
   * Applies a new config and TLS context for this server (same name). A changed address or TLS
   * context retires the pooled connections: idle ones close now, busy ones when their exchange
   * ends. Returns true when the address changed.
   */
  boolean update(
      Server newConfig, InetSocketAddress newAddress, BackendPolicy policy, UpstreamTls newTls) {
    boolean moved = !newAddress.equals(address);
    boolean tlsChanged = newTls != tls;
    config = newConfig;
    resilience.configure(newConfig, policy);
    if (moved || tlsChanged) {
      address = newAddress;
      tls = newTls; // before the generation: see tls()
      generation++;
      closeIdle();
    }
    removed = false;
    return moved;
  }

  /** Takes the server out: no new requests; idle connections close now, busy ones on release. */
  void markRemoved() {
    removed = true;
    resilience.retire();
    closeIdle();
  }

  private void closeIdle() {
    for (ConnectionPool p : pools) {
      p.loop().execute(p::closeAll);
    }
  }

  /** The value for a Host header when the client sent none (HTTP/1.0). */
  String hostHeader() {
    return config.address().format();
  }

  @Override
  public String toString() {
    return backend.name() + "/" + name;
  }
}
