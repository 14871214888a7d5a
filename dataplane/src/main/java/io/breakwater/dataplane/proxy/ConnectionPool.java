package io.breakwater.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;

/**
 * Idle connections to one server, owned by one event loop and touched only from it, so it needs no
 * lock. Last in, first out: the warmest connection is reused and the surplus ages out under {@code
 * timeout poolIdle}.
 */
final class ConnectionPool {
  private final EventLoop loop;
  private final ArrayDeque<UpstreamHandler> idle = new ArrayDeque<>(4);

  ConnectionPool(EventLoop loop) {
    this.loop = loop;
  }

  EventLoop loop() {
    return loop;
  }

  /** A usable idle connection, or null. Stale ones found on the way are closed. */
  UpstreamHandler poll(long nowNanos, long maxIdleNanos, int generation) {
    UpstreamHandler u;
    while ((u = idle.pollFirst()) != null) {
      u.leavePool();
      if (u.reusable(nowNanos, maxIdleNanos, generation)) {
        return u;
      }
      u.close();
    }
    return null;
  }

  void offer(UpstreamHandler u, long nowNanos) {
    idle.addFirst(u);
    u.enterPool(this, nowNanos);
  }

  void remove(UpstreamHandler u) {
    idle.remove(u);
  }

  int idleCount() {
    return idle.size();
  }

  /** Closes every idle connection; runs on the owning loop. */
  void closeAll() {
    UpstreamHandler u;
    while ((u = idle.pollFirst()) != null) {
      u.leavePool();
      u.close();
    }
  }
}
