package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.tls.UpstreamTls;
import io.breakwater.dataplane.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;

/**
 * Gives an exchange a connection to its server on the exchange's own event loop: a pooled one when
 * the loop's pool has a usable one, else a new one. New connections are made from a template {@link
 * Bootstrap} cloned onto the loop.
 */
class UpstreamConnector implements Upstreams {
  static final String TLS = "tls";
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

  /**
   * {@inheritDoc}
   *
   * <p>To a TLS backend the future completes once the handshake has, so the request is written to a
   * verified connection; a failed handshake (an untrusted certificate, a name mismatch, no client
   * certificate the server wants) fails the future like a refused connection. The handshake has its
   * own {@code timeout connect}.
   */
  @Override
  public ChannelFuture connect(
      ServerState server, EventLoop loop, int connectTimeoutMillis, long maxIdle) {
    UpstreamHandler handler = new UpstreamHandler(server, maxIdle); // reads the generation first
    UpstreamTls tls = server.tls();
    Bootstrap b = template.clone(loop);
    b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    b.handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            if (tls != null) {
              String host = server.config().address().host();
              p.addLast(
                  TLS,
                  tls.newHandler(
                      ch.alloc(), host, server.address().getPort(), connectTimeoutMillis));
            }
            p.addLast(CODEC, new Http1ClientCodec(decoderConfig.clone())).addLast(HANDLER, handler);
          }
        });
    ChannelFuture connected = b.connect(server.address());
    return tls == null ? connected : afterHandshake(connected, loop);
  }

  /** A future of the connection that completes when its TLS handshake has. */
  private static ChannelFuture afterHandshake(ChannelFuture connected, EventLoop loop) {
    Channel ch = connected.channel();
    // Bound to the loop explicitly: a channel whose registration failed has no loop of its own.
    ChannelPromise ready = new DefaultChannelPromise(ch, loop);
    connected.addListener(
        (ChannelFutureListener)
            f -> {
              if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
              }
              SslHandler ssl = ch.pipeline().get(SslHandler.class);
              ssl.handshakeFuture()
                  .addListener(
                      h -> {
                        if (h.isSuccess()) {
                          ready.trySuccess();
                        } else {
                          ch.close();
                          ready.tryFailure(h.cause());
                        }
                      });
            });
    return ready;
  }

  /** The upstream handler of a connected channel. */
  static UpstreamHandler handlerOf(io.netty.channel.Channel ch) {
    return (UpstreamHandler) ch.pipeline().get(HANDLER);
  }
}
