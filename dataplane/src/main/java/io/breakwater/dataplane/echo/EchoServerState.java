package io.breakwater.dataplane.echo;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What an echo server counts, and whether its {@code /healthz} says it is healthy. */
final class EchoServerState {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean healthy = true;
  private volatile EchoFault fault = EchoFault.NONE;

  /** Counts the connection now and until it closes. */
  void connectionAccepted(Channel channel) {
    accepted.incrementAndGet();
    active.incrementAndGet();
    channel.closeFuture().addListener(f -> active.decrementAndGet());
  }

  /** Counted when the request head arrives, so a client holding the answer sees it counted. */
  void requestReceived() {
    requests.incrementAndGet();
  }

  long requests() {
    return requests.get();
  }

  long connectionsAccepted() {
    return accepted.get();
  }

  int activeConnections() {
    return active.get();
  }

  EchoFault fault() {
    return fault;
  }

  void fault(EchoFault fault) {
    this.fault = fault;
  }

  boolean healthy() {
    return healthy;
  }

  void healthy(boolean healthy) {
    this.healthy = healthy;
  }
}
