package io.breakwater.dataplane.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2c (prior knowledge) server on 127.0.0.1 for tests. Each request arrives aggregated and goes
 * to the test's {@link Behaviour} with its stream; by default it is answered with its path and the
 * connection it came on. Counts connections, streams, the most streams open at once and the resets
 * it received.
 */
final class H2Backend implements AutoCloseable {

  /** What the server does with a request. */
  interface Behaviour {
    void onRequest(H2Backend backend, Stream stream);
  }

  /** One request and the stream to answer it on. */
  record Stream(
      String uri, HttpHeaders headers, String body, Http2StreamChannel channel, int connection) {
    int id() {
      return channel.stream().id();
    }

    /** 200 with the path and connection number as body, and {@code extra} trailers if given. */
    void answer() {
      answer(HttpResponseStatus.OK);
    }

    void answer(HttpResponseStatus status) {
      String text = uri + " on " + connection + (body.isEmpty() ? "" : " body=" + body);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      String te = headers.get(HttpHeaderNames.TE);
      res.headers().set("x-seen-te", te == null ? "none" : te);
      res.headers().set("x-seen-host", String.valueOf(headers.get("host")));
      channel.writeAndFlush(res);
    }

    void refuse() {
      channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
    }

    /** GOAWAY on the stream's connection, promising streams up to {@code lastStreamId}. */
    void goAway(int lastStreamId) {
      Channel parent = channel.parent();
      Http2FrameCodec codec = parent.pipeline().get(Http2FrameCodec.class);
      codec.goAway(
          parent.pipeline().context(codec),
          lastStreamId,
          Http2Error.NO_ERROR.code(),
          Unpooled.EMPTY_BUFFER,
          parent.newPromise());
      parent.flush();
    }
  }

  static final Behaviour ANSWER = (b, s) -> s.answer();

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private volatile Behaviour behaviour;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger streams = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger maxOpen = new AtomicInteger();
  final List<Long> resets = new CopyOnWriteArrayList<>();

  H2Backend(Behaviour behaviour) {
    this(behaviour, 0);
  }

  /**
   * @param maxConcurrentStreams announced in SETTINGS; 0 for Netty's default
   */
  H2Backend(Behaviour behaviour, int maxConcurrentStreams) {
    this(behaviour, maxConcurrentStreams, null);
  }

  /**
   * @param ssl TLS for every connection (its ALPN decides what the proxy may speak); null: h2c
   */
  H2Backend(Behaviour behaviour, int maxConcurrentStreams, SslContext ssl) {
    this.behaviour = behaviour;
    Http2Settings settings = Http2Settings.defaultSettings();
    if (maxConcurrentStreams > 0) {
      settings.maxConcurrentStreams(maxConcurrentStreams);
    }
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    int number = connections.incrementAndGet();
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer().initialSettings(settings).build())
                        .addLast(new Http2MultiplexHandler(new StreamInit(number)));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  void behaviour(Behaviour b) {
    behaviour = b;
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private final class StreamInit extends ChannelInitializer<Channel> {
    private final int connection;

    StreamInit(int connection) {
      this.connection = connection;
    }

    @Override
    protected void initChannel(Channel ch) {
      streams.incrementAndGet();
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      ch.closeFuture().addListener(f -> open.decrementAndGet());
      ch.pipeline()
          .addLast(new ResetRecorder())
          .addLast(new Http2StreamFrameToHttpObjectCodec(true))
          .addLast(new HttpObjectAggregator(1 << 20))
          .addLast(
              new SimpleChannelInboundHandler<FullHttpRequest>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                  behaviour.onRequest(
                      H2Backend.this,
                      new Stream(
                          req.uri(),
                          req.headers().copy(),
                          req.content().toString(StandardCharsets.UTF_8),
                          (Http2StreamChannel) ctx.channel(),
                          connection));
                }
              });
    }
  }

  private final class ResetRecorder extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Http2ResetFrame r) {
        resets.add(r.errorCode());
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
