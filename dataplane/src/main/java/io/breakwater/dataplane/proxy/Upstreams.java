package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;

/**
 * Where a frontend gets connections to servers. The production implementation pools per server and
 * per event loop ({@link UpstreamConnector}); handler tests substitute embedded channels.
 */
interface Upstreams {
  /** A pooled connection of {@code server} on the calling loop, or null. */
  UpstreamHandler borrow(ServerState server, int loopIndex, long nowNanos, long maxIdleNanos);

  /** Returns a finished, reusable connection to the calling loop's pool, or closes it. */
  void release(UpstreamHandler u, int loopIndex, long nowNanos);

  /** Starts a new connection on {@code loop}; the future's channel carries an UpstreamHandler. */
  ChannelFuture connect(ServerState server, EventLoop loop, int connectTimeoutMillis, long maxIdle);

  /**
   * An HTTP/2 connection of {@code server} on the calling loop with room for one more stream, or
   * null (backends with protocol h2c).
   */
  default Http2UpstreamConnection http2Connection(ServerState server, int loopIndex) {
    throw new UnsupportedOperationException("HTTP/2 upstreams");
  }

  /** Starts a new HTTP/2 connection on {@code loop}, listed in the loop's pool. */
  default Http2UpstreamConnection connectHttp2(
      ServerState server, EventLoop loop, int loopIndex, BackendRuntime backend) {
    throw new UnsupportedOperationException("HTTP/2 upstreams");
  }

  /** Whether the proxy is shutting down (responses then close their connections). */
  boolean draining();
}
