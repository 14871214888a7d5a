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
 * A route's mirror, compiled: which backend gets copies (read as running when a copy is sent, like
 * a {@link RouteTarget}'s), of what share of requests, and the template its connections are made
 * from. Copies never take server slots or pooled connections, and nothing about them reaches the
 * client's exchange: see {@link MirrorCopy}.
 */
final class MirrorTarget {
  final BackendState backend;
  private final double percent;
  final int bodyLimit;
  final Bootstrap template;

  MirrorTarget(
      BackendState backend, double percent, int bodyLimit, Class<? extends Channel> channelClass) {
    this.backend = backend;
    this.percent = percent;
    this.bodyLimit = bodyLimit;
    this.template =
        new Bootstrap()
            .channel(channelClass)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true);
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

  /** A random eligible server of {@code runtime} (the mirror backend as running now), or null. */
  static ServerState pick(BackendRuntime runtime) {
    List<ServerState> servers = runtime.servers;
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
