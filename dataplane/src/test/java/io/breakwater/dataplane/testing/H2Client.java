package io.breakwater.dataplane.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client for tests: one connection, h2c with prior knowledge or h2 over TLS (ALPN, any
 * certificate trusted), one stream per request. Responses come back aggregated; every wait is
 * bounded.
 */
public final class H2Client implements AutoCloseable {
  /**
   * A response.
   *
   * @param status the status code
   * @param body the body as UTF-8
   * @param headersOnly the response without its body: headers and trailers
   */
  public record Response(int status, String body, FullHttpResponse headersOnly) {}

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;

  private H2Client(int port, String sni) throws Exception {
    SslContext ssl =
        sni == null
            ? null
            : SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(
                    new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
    channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, port));
                    }
                    ch.pipeline()
                        .addLast(Http2FrameCodecBuilder.forClient().build())
                        .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect("127.0.0.1", port)
            .sync()
            .channel();
    if (ssl != null) {
      channel.pipeline().get(SslHandler.class).handshakeFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** h2c with prior knowledge. */
  public static H2Client cleartext(int port) throws Exception {
    return new H2Client(port, null);
  }

  /** h2 over TLS, asking for {@code sni}. */
  public static H2Client tls(int port, String sni) throws Exception {
    return new H2Client(port, sni);
  }

  /** The protocol ALPN chose, or null. */
  public String alpn() {
    SslHandler h = channel.pipeline().get(SslHandler.class);
    return h == null ? null : h.applicationProtocol();
  }

  /** Sends one request on a new stream and starts waiting for its answer. */
  public CompletableFuture<Response> send(HttpMethod method, String path, String host, String body)
      throws Exception {
    return send(method, path, host, body, java.util.Map.of());
  }

  /** Sends one request with extra header fields on a new stream. */
  public CompletableFuture<Response> send(
      HttpMethod method,
      String path,
      String host,
      String body,
      java.util.Map<String, String> headers)
      throws Exception {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(channel)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(
                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpResponse r) {
                                answer.complete(
                                    new Response(
                                        r.status().code(),
                                        r.content().toString(StandardCharsets.UTF_8),
                                        r.replace(Unpooled.EMPTY_BUFFER)));
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                answer.completeExceptionally(
                                    new IllegalStateException("stream closed without an answer"));
                              }
                            });
                  }
                })
            .open()
            .get(10, TimeUnit.SECONDS);
    DefaultFullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            method,
            path,
            Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
    req.headers().set(HttpHeaderNames.HOST, host);
    headers.forEach((k, v) -> req.headers().set(k, v));
    if (body != null) {
      req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
    }
    stream.writeAndFlush(req);
    return answer;
  }

  /**
   * Opens {@code n} streams and resets each right after its HEADERS (HTTP/2 rapid reset).
   *
   * @return whether the server closed the connection within 10 s of the last one
   */
  public boolean rapidReset(int n) throws Exception {
    Http2Headers h =
        new DefaultHttp2Headers().method("GET").path("/").scheme("http").authority("t");
    for (int i = 0; i < n && channel.isActive(); i++) {
      Future<Http2StreamChannel> open =
          new Http2StreamChannelBootstrap(channel)
              .handler(new ChannelInboundHandlerAdapter())
              .open()
              .awaitUninterruptibly();
      if (!open.isSuccess()) {
        break; // the server is closing the connection
      }
      Http2StreamChannel stream = open.getNow();
      stream.writeAndFlush(new DefaultHttp2HeadersFrame(h, false));
      stream.close(); // RST_STREAM(CANCEL)
    }
    return channel.closeFuture().await(10, TimeUnit.SECONDS);
  }

  /** One GET, waited for. */
  public Response get(String path, String host) throws Exception {
    return send(HttpMethod.GET, path, host, null).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
