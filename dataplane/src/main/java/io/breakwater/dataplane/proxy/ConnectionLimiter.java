package io.breakwater.dataplane.proxy;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code global.maxconn}: at the limit, listeners stop accepting (connections wait in the kernel's
 * backlog, as with HAProxy) and resume below it. A connection accepted past the limit before the
 * pause took effect is closed at once. Only the transitions at the limit take the monitor; the
 * per-connection path is one atomic increment and one decrement. Runs on event loops, so it must
 * never wait for a lock that a thread waiting on an event loop could hold: the listener list it
 * reads is a volatile snapshot.
 */
final class ConnectionLimiter {
  private final AtomicInteger count = new AtomicInteger();
  private final Supplier<Collection<Listener>> listeners;
  private volatile int max;
  private volatile boolean paused;

  ConnectionLimiter(int max, Supplier<Collection<Listener>> listeners) {
    this.max = max;
    this.listeners = listeners;
  }

  int count() {
    return count.get();
  }

  void setMax(int newMax) {
    this.max = newMax;
    adjust();
  }

  /** Counts a new connection; false when it is over the limit and must be closed. */
  boolean tryAcquire() {
    int c = count.incrementAndGet();
    if (c > max) {
      count.decrementAndGet();
      adjust();
      return false;
    }
    if (c == max) {
      adjust();
    }
    return true;
  }

  void release() {
    int c = count.decrementAndGet();
    if (paused || c == 0) {
      adjust();
    }
  }

  private synchronized void adjust() {
    boolean full = count.get() >= max;
    if (full != paused) {
      paused = full;
      for (Listener l : listeners.get()) {
        if (l.serverChannel() != null) {
          l.serverChannel().config().setAutoRead(!full);
        }
      }
    }
    if (count.get() == 0) {
      notifyAll();
    }
  }

  /** Waits until no connection is open, up to the timeout; true when none is. */
  synchronized boolean awaitZero(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (count.get() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
