package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * Gives an exchange a connection to its server on the exchange's own event loop: a pooled one when
 * the loop's pool has a usable one, else a new one. New connections are made from a template {@link
 * Bootstrap} cloned onto the loop.
 */
class UpstreamConnector implements Upstreams {
  static final String CODEC = "codec";
  static final String HANDLER = "upstream";

  private final Bootstrap template;
  private final HttpDecoderConfig decoderConfig;

  private final java.util.function.BooleanSupplier draining;

  UpstreamConnector(
      Transports transports,
      HttpDecoderConfig decoderConfig,
      java.util.function.BooleanSupplier draining) {
    this.decoderConfig = decoderConfig;
    this.draining = draining;
    this.template =
        new Bootstrap()
            .channel(transports.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.AUTO_READ, true);
  }

  @Override
  public boolean draining() {
    return draining.getAsBoolean();
  }

  @Override
  public UpstreamHandler borrow(
      ServerState server, int loopIndex, long nowNanos, long maxIdleNanos) {
    if (loopIndex < 0) {
      return null;
    }
    return server.pool(loopIndex).poll(nowNanos, maxIdleNanos, server.generation());
  }

  @Override
  public void release(UpstreamHandler u, int loopIndex, long nowNanos) {
    ServerState s = u.server();
    if (loopIndex < 0 || s.removed() || u.stale()) {
      u.close();
      return;
    }
    if (!u.channel().config().isAutoRead()) {
      // Paused for a slow client; an idle connection must read so a close by the server is seen.
      u.channel().config().setAutoRead(true);
    }
    s.pool(loopIndex).offer(u, nowNanos);
  }

  @Override
  public ChannelFuture connect(
      ServerState server, EventLoop loop, int connectTimeoutMillis, long maxIdle) {
    UpstreamHandler handler = new UpstreamHandler(server, maxIdle);
    Bootstrap b = template.clone(loop);
    b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    b.handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(CODEC, new Http1ClientCodec(decoderConfig.clone()))
                .addLast(HANDLER, handler);
          }
        });
    return b.connect(server.address());
  }

  /** The upstream handler of a connected channel. */
  static UpstreamHandler handlerOf(io.netty.channel.Channel ch) {
    return (UpstreamHandler) ch.pipeline().get(HANDLER);
  }
}
