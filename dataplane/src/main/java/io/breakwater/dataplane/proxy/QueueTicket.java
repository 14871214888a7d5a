package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.balance.PickContext;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request waiting in a backend's queue. Whoever flips it first wins: the queue assigning a server
 * slot, or the waiter giving up (queue timeout, client gone). The assignment is carried out on the
 * waiter's own event loop.
 */
final class QueueTicket implements PickContext {
  private final FrontendHandler waiter;
  private final int exchange;
  private final InetAddress clientAddress;
  private final CharSequence path;
  private final AtomicBoolean open = new AtomicBoolean(true);

  QueueTicket(FrontendHandler waiter, int exchange, InetAddress clientAddress, CharSequence path) {
    this.waiter = waiter;
    this.exchange = exchange;
    this.clientAddress = clientAddress;
    this.path = path;
  }

  PickContext context() {
    return this;
  }

  @Override
  public InetAddress clientAddress() {
    return clientAddress;
  }

  @Override
  public CharSequence path() {
    return path;
  }

  /** Gives the waiter a server with a slot already taken; false when it had given up. */
  boolean assign(ServerState server) {
    if (!open.compareAndSet(true, false)) {
      return false;
    }
    waiter.executor().execute(() -> waiter.onQueueAssigned(this, exchange, server));
    return true;
  }

  /** Gives up waiting; false when a slot was already assigned. */
  boolean cancel() {
    return open.compareAndSet(true, false);
  }
}
