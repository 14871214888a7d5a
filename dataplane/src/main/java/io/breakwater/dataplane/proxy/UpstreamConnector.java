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
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLHandshakeException;

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
    if (loopIndex < 0 || s.removed() || u.stale() || u.stream()) {
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

  @Override
  public Http2UpstreamConnection http2Connection(ServerState server, int loopIndex) {
    return loopIndex < 0 ? null : server.pool(loopIndex).http2WithRoom();
  }

  @Override
  public Http2UpstreamConnection connectHttp2(
      ServerState server, EventLoop loop, int loopIndex, BackendRuntime backend) {
    ConnectionPool pool = loopIndex < 0 ? null : server.pool(loopIndex);
    Http2UpstreamConnection conn =
        new Http2UpstreamConnection(
            server, pool, backend.poolIdleNanos, backend.config.maxStreams());
    UpstreamTls tls = server.tls();
    int connectTimeoutMillis = backend.connectTimeoutMillis;
    Bootstrap b = template.clone(loop);
    b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    b.handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              String host = server.config().address().host();
              ch.pipeline()
                  .addLast(
                      TLS,
                      tls.newHandler(
                          ch.alloc(), host, server.address().getPort(), connectTimeoutMillis));
            }
            ch.pipeline()
                .addLast(Http2Connection.CODEC, http2ClientCodec())
                .addLast(
                    Http2Connection.MUX,
                    new Http2MultiplexHandler(Http2UpstreamConnection.RefusePushed.INSTANCE))
                .addLast(Http2UpstreamConnection.HANDLER, conn);
          }
        });
    if (pool != null) {
      pool.addHttp2(conn);
    }
    ChannelFuture connected = b.connect(server.address());
    conn.connecting(tls == null ? connected : afterAlpnH2(afterHandshake(connected, loop), loop));
    return conn;
  }

  /**
   * A future that fails when the server did not choose {@code h2} by ALPN (protocol h2): HTTP/2
   * frames must not go to a server that expects HTTP/1.1. The failure is a connect failure.
   */
  private static ChannelFuture afterAlpnH2(ChannelFuture handshaken, EventLoop loop) {
    Channel ch = handshaken.channel();
    ChannelPromise ready = new DefaultChannelPromise(ch, loop);
    handshaken.addListener(
        (ChannelFutureListener)
            f -> {
              if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
              }
              String chosen = ch.pipeline().get(SslHandler.class).applicationProtocol();
              if (ApplicationProtocolNames.HTTP_2.equals(chosen)) {
                ready.trySuccess();
              } else {
                ch.close();
                ready.tryFailure(
                    new SSLHandshakeException(
                        "protocol h2: the server did not select h2 by ALPN (selected: "
                            + (chosen == null ? "none" : chosen)
                            + ")"));
              }
            });
    return ready;
  }

  /**
   * The client side of HTTP/2: no server push, the same header-list limit as clients get, and
   * streams beyond the server's announced limit wait in the encoder instead of failing (the limit
   * is learned from the server's first SETTINGS, after the first streams may have gone out).
   */
  private static Http2FrameCodec http2ClientCodec() {
    return Http2FrameCodecBuilder.forClient()
        .initialSettings(
            Http2Settings.defaultSettings()
                .pushEnabled(false)
                .maxHeaderListSize(Http2Connection.MAX_HEADER_LIST_SIZE))
        .encoderEnforceMaxConcurrentStreams(true)
        .validateHeaders(true)
        .build();
  }

  /** The upstream handler of a connected channel. */
  static UpstreamHandler handlerOf(io.netty.channel.Channel ch) {
    return (UpstreamHandler) ch.pipeline().get(HANDLER);
  }
}
