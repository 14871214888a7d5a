package io.breakwater.dataplane.proxy;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * Idle connections to one server, owned by one event loop and touched only from it, so it needs no
 * lock. Last in, first out: the warmest connection is reused and the surplus ages out under {@code
 * timeout poolIdle}.
 */
final class ConnectionPool {
  private final EventLoop loop;
  private final ArrayDeque<UpstreamHandler> idle = new ArrayDeque<>(4);

  /** HTTP/2 connections to the server (backends with protocol h2c); null until the first. */
  private ArrayList<Http2UpstreamConnection> http2;

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

  /** Closes every idle connection and retires the HTTP/2 ones; runs on the owning loop. */
  void closeAll() {
    UpstreamHandler u;
    while ((u = idle.pollFirst()) != null) {
      u.leavePool();
      u.close();
    }
    if (http2 != null) {
      for (Http2UpstreamConnection c : new ArrayList<>(http2)) {
        c.retire();
      }
    }
  }

  /** An HTTP/2 connection that can take one more stream, or null. */
  Http2UpstreamConnection http2WithRoom() {
    if (http2 == null) {
      return null;
    }
    for (int i = 0; i < http2.size(); i++) {
      Http2UpstreamConnection c = http2.get(i);
      if (c.hasRoom()) {
        return c;
      }
    }
    return null;
  }

  void addHttp2(Http2UpstreamConnection c) {
    if (http2 == null) {
      http2 = new ArrayList<>(2);
    }
    http2.add(c);
  }

  void removeHttp2(Http2UpstreamConnection c) {
    if (http2 != null) {
      http2.remove(c);
    }
  }

  /** HTTP/2 connections listed (taking streams or idle). */
  int http2Count() {
    return http2 == null ? 0 : http2.size();
  }
}
