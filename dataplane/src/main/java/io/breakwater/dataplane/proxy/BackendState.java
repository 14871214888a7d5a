package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.TrafficStats;
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
  private volatile BackendRuntime current;

  BackendState(String name) {
    this.name = name;
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
    return tryIncrement(activeRequests, max);
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
  }

  /** Adds a waiting request unless {@code maxqueue} (0 = unlimited) is reached. */
  boolean enqueue(QueueTicket ticket, int maxqueue) {
    for (; ; ) {
      int q = queued.get();
      if (maxqueue > 0 && q >= maxqueue) {
        return false;
      }
      if (queued.compareAndSet(q, q + 1)) {
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
