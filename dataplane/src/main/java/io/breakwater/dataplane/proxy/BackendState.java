package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.OpenGate;
import io.breakwater.dataplane.resilience.OutlierEjection;
import io.breakwater.dataplane.resilience.RetryBudget;
import io.breakwater.dataplane.stats.MaxGauge;
import io.breakwater.dataplane.stats.Timings;
import io.breakwater.dataplane.stats.TrafficStats;
import io.netty.util.concurrent.Ticker;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a backend keeps across hot swaps: counters, the FIFO queue of requests waiting for a server
 * slot, and the newest compiled runtime (so a freed slot is handed out by the current balancer).
 * The queue is touched only when servers have a maxconn; otherwise its cost is one volatile read
 * per released slot.
 */
public final class BackendState {
  private final String name;
  private final TrafficStats stats = new TrafficStats();
  private final ConcurrentLinkedDeque<QueueTicket> queue = new ConcurrentLinkedDeque<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger activeRequests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger retriesInFlight = new AtomicInteger();
  private final MaxGauge activeRequestsMax = new MaxGauge();
  private final MaxGauge queuedMax = new MaxGauge();
  private final Timings timings;
  private volatile BackendRuntime current;
  private final Ticker ticker;
  private volatile BackendPolicy policy;
  private volatile RetryBudget budget;
  private volatile CircuitBreaker breaker;
  private volatile OutlierEjection ejection;
  private volatile boolean panic;

  BackendState(String name) {
    this(name, Ticker.systemTicker());
  }

  BackendState(String name, Ticker ticker) {
    this.name = name;
    this.ticker = ticker;
    this.timings = new Timings(name);
    configure(BackendPolicy.DEFAULT, 0);
  }

  /**
   * Applies the backend's policy; the budget, the breaker and the ejection cap are rebuilt only
   * when their policy changed, so a config change that leaves them alone keeps their state.
   */
  void configure(BackendPolicy newPolicy, int servers) {
    BackendPolicy old = policy;
    if (old == null || !old.retries().budget().equals(newPolicy.retries().budget())) {
      budget = new RetryBudget(newPolicy.retries().budget(), ticker);
    }
    if (old == null || !Objects.equals(old.circuitBreaker(), newPolicy.circuitBreaker())) {
      breaker =
          newPolicy.circuitBreaker() == null
              ? null
              : new CircuitBreaker(newPolicy.circuitBreaker(), ticker);
    }
    Breaker outliers = newPolicy.outlierDetection();
    if (outliers == null) {
      ejection = null;
    } else if (old == null
        || old.outlierDetection() == null
        || old.outlierDetection().maxEjectionPercent() != outliers.maxEjectionPercent()) {
      ejection = new OutlierEjection(outliers.maxEjectionPercent(), servers);
    } else {
      ejection.total(servers);
    }
    policy = newPolicy;
  }

  /** The retry budget of this backend. */
  public RetryBudget budget() {
    return budget;
  }

  /** The backend's own circuit breaker, or null. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** The cap on servers ejected at once by outlier detection ({@link OpenGate#ALWAYS} without). */
  OpenGate ejection() {
    OutlierEjection e = ejection;
    return e != null ? e : OpenGate.ALWAYS;
  }

  /** Outlier-detection figures, or null without outlier detection. */
  public OutlierEjection outlierEjection() {
    return ejection;
  }

  /** Whether too few servers are left, so ejections are ignored (Envoy's panic mode). */
  public boolean panic() {
    return panic;
  }

  /** Recounts eligible servers after a health or ejection change, entering or leaving panic. */
  void recomputePanic() {
    OutlierEjection e = ejection;
    BackendRuntime rt = current;
    if (e == null || rt == null) {
      panic = false;
      return;
    }
    int eligible = 0;
    for (ServerState s : rt.servers) {
      if (s.eligibleWithoutPanic()) {
        eligible++;
      }
    }
    panic = e.panic(eligible);
  }

  public String name() {
    return name;
  }

  public TrafficStats stats() {
    return stats;
  }

  /** Requests waiting for a slot now. */
  public int queued() {
    return queued.get();
  }

  /** Requests in flight to the backend's servers now. */
  public int activeRequests() {
    return activeRequests.get();
  }

  /** Open connections to the backend's servers (pooled and busy). */
  public int connections() {
    return connections.get();
  }

  /** Retries in flight now. */
  public int retriesInFlight() {
    return retriesInFlight.get();
  }

  /** Counts a request in flight unless {@code max} (0 = unlimited) is reached. */
  boolean tryStartRequest(int max) {
    if (!tryIncrement(activeRequests, max)) {
      return false;
    }
    activeRequestsMax.observe(activeRequests.get());
    return true;
  }

  /** The most requests in flight at once. */
  public int activeRequestsMax() {
    return activeRequestsMax.get();
  }

  /** The longest the queue has been. */
  public int queuedMax() {
    return queuedMax.get();
  }

  /** Phase timings of the backend's requests. */
  public Timings timings() {
    return timings;
  }

  /** Resets counters ({@code clear counters}). */
  public void clear() {
    stats.clear();
    activeRequestsMax.clear();
    queuedMax.clear();
    timings.clear();
  }

  void endRequest() {
    activeRequests.decrementAndGet();
  }

  /** Counts a retry in flight unless {@code max} (0 = unlimited) is reached. */
  boolean tryStartRetry(int max) {
    return tryIncrement(retriesInFlight, max);
  }

  void endRetry() {
    retriesInFlight.decrementAndGet();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  private static boolean tryIncrement(AtomicInteger counter, int max) {
    if (max == 0) {
      counter.incrementAndGet();
      return true;
    }
    for (; ; ) {
      int n = counter.get();
      if (n >= max) {
        return false;
      }
      if (counter.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  BackendRuntime current() {
    return current;
  }

  void setCurrent(BackendRuntime runtime) {
    this.current = runtime;
    recomputePanic();
  }

  /** Adds a waiting request unless {@code maxqueue} (0 = unlimited) is reached. */
  boolean enqueue(QueueTicket ticket, int maxqueue) {
    for (; ; ) {
      int q = queued.get();
      if (maxqueue > 0 && q >= maxqueue) {
        return false;
      }
      if (queued.compareAndSet(q, q + 1)) {
        queuedMax.observe(q + 1);
        break;
      }
    }
    queue.addLast(ticket);
    // A slot may have been freed between the failed pick and the enqueue.
    slotFreed();
    return true;
  }

  /** Removes a ticket that gave up (timeout, client gone). */
  void remove(QueueTicket ticket) {
    if (queue.remove(ticket)) {
      queued.decrementAndGet();
    }
  }

  /** Hands free slots to waiting requests, oldest first. */
  void slotFreed() {
    boolean rechecked = false;
    while (queued.get() > 0) {
      BackendRuntime rt = current;
      if (rt == null) {
        return;
      }
      QueueTicket t = queue.pollFirst();
      if (t == null) {
        return;
      }
      queued.decrementAndGet();
      ServerState s = rt.pickAndAcquire(t.context());
      if (s == null) {
        // Nobody free after all: the ticket goes back to the head of the line. A slot released
        // while it was out of the queue saw no waiter, so look once more after putting it back.
        queued.incrementAndGet();
        queue.addFirst(t);
        if (rechecked) {
          return;
        }
        rechecked = true;
        continue;
      }
      if (!t.assign(s)) {
        // The waiter gave up meanwhile; the slot goes to the next one.
        s.releaseSlotOnly();
      }
    }
  }
}
