package io.breakwater.dataplane.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A route's mirror, compiled: which backend gets copies, of what share of requests, and the
 * template its connections are made from. Copies never take server slots or pooled connections, and
 * nothing about them reaches the client's exchange: see {@link MirrorCopy}.
 */
final class MirrorTarget {
  final BackendRuntime backend;
  private final double percent;
  final int bodyLimit;
  final Bootstrap template;

  MirrorTarget(
      BackendRuntime backend,
      double percent,
      int bodyLimit,
      Class<? extends Channel> channelClass) {
    this.backend = backend;
    this.percent = percent;
    this.bodyLimit = bodyLimit;
    this.template =
        new Bootstrap()
            .channel(channelClass)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, backend.connectTimeoutMillis);
  }

  /**
   * A copy of {@code req} (already prepared for the server) when this request is among the share
   * mirrored and its declared body is within the limit; else null.
   */
  MirrorCopy start(HttpRequest req) {
    if (percent < 100 && ThreadLocalRandom.current().nextDouble() * 100 >= percent) {
      return null;
    }
    if (HttpUtil.getContentLength(req, 0L) > bodyLimit) {
      return null;
    }
    HttpRequest head =
        new DefaultHttpRequest(
            req.protocolVersion(), req.method(), req.uri(), req.headers().copy());
    return new MirrorCopy(this, head);
  }

  /** A random eligible server of the mirror backend, or null. */
  ServerState pick() {
    List<ServerState> servers =
        backend.state.current() != null ? backend.state.current().servers : backend.servers;
    int n = servers.size();
    if (n == 0) {
      return null;
    }
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int i = 0; i < n; i++) {
      ServerState s = servers.get((start + i) % n);
      if (s.eligible()) {
        return s;
      }
    }
    return null;
  }
}
