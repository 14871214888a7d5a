package io.breakwater.dataplane.health;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.tls.UpstreamTls;
import io.breakwater.dataplane.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Performs single health checks ({@link HealthCheck}): a TCP connect, or an HTTP/1.1 request whose
 * answer must have an expected status and, optionally, contain a string in its first {@value
 * #MAX_BODY_BYTES} body bytes. Each check runs on the event loop it is given, on a new connection
 * made from one {@link Bootstrap} template, within {@link HealthCheck#timeout()} for the whole
 * exchange, and its connection is always closed after. One instance serves every server and loop.
 */
public final class HealthProbe implements Prober {

  /** How much of a response body an {@code expectBody} check looks at and keeps: {@value} bytes. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** The {@code User-Agent} of check requests, so servers can tell checks from traffic. */
  public static final String USER_AGENT = "breakwater-health-check";

  static final String TLS = "tls";
  static final String CODEC = "codec";
  static final String CHECK = "check";

  private final Bootstrap template;
  private final boolean http2;

  public HealthProbe(Transports transports) {
    this(transports, false);
  }

  /**
   * @param http2 HTTP checks speak HTTP/2 (backends with protocol h2c or h2): with prior knowledge
   *     in cleartext, by ALPN over TLS; the request goes on the connection's first stream
   */
  public HealthProbe(Transports transports, boolean http2) {
    this.http2 = http2;
    this.template =
        new Bootstrap()
            .channel(transports.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true);
  }

  /**
   * Checks {@code target} (or its host on {@link HealthCheck#port()} when that is set) on {@code
   * loop}. May be called from any thread; the work happens on the loop.
   */
  @Override
  public Future<ProbeResult> probe(EventLoop loop, InetSocketAddress target, HealthCheck check) {
    return probe(loop, target, check, null, null);
  }

  /**
   * Like {@link #probe(EventLoop, InetSocketAddress, HealthCheck)}, over TLS when {@code tls} is
   * not null (HAProxy's {@code check-ssl}): the handshake, with the backend's context and the name
   * it asks for {@code serverHost}, must succeed within the check's timeout, and an HTTP check
   * request goes over it.
   */
  public Future<ProbeResult> probe(
      EventLoop loop,
      InetSocketAddress target,
      HealthCheck check,
      UpstreamTls tls,
      String serverHost) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(check, "check");
    Promise<ProbeResult> promise = loop.newPromise();
    InetSocketAddress address = checkAddress(target, check.port());
    boolean tcp = check.type() == HealthCheck.Type.TCP;
    long timeoutNanos = Math.max(1, check.timeout().toNanos());
    ProbeAttempt attempt = new ProbeAttempt(loop, promise, timeoutNanos, tcp);
    Bootstrap b = template.clone(loop);
    b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis(check));
    if (tcp && tls == null) {
      b.option(ChannelOption.AUTO_READ, false).handler(Quiet.INSTANCE);
    } else if (tcp) {
      b.handler(tlsPipeline(tls, serverHost, address, check, null));
    } else {
      FullHttpRequest request;
      try {
        request = request(check, address);
      } catch (IllegalArgumentException e) {
        // A method or header value Netty refuses; the validator is meant to stop it earlier.
        return loop.newSucceededFuture(
            new ProbeResult(
                false, ProbeResult.SOCKERR, "invalid check request: " + e.getMessage(), 0));
      }
      ChannelHandler http =
          http2 ? http2Pipeline(request, check, attempt) : httpPipeline(request, check, attempt);
      b.handler(tls == null ? http : tlsPipeline(tls, serverHost, address, check, http));
    }
    try {
      if (loop.inEventLoop()) {
        attempt.start(b, address);
      } else {
        loop.execute(() -> attempt.start(b, address));
      }
    } catch (RejectedExecutionException e) {
      promise.trySuccess(new ProbeResult(false, ProbeResult.SOCKERR, "event loop shut down", 0));
    }
    return promise;
  }

  /** Codec, then the handler that sends the request and judges the answer. */
  private static ChannelHandler httpPipeline(
      FullHttpRequest request, HealthCheck check, ProbeAttempt attempt) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(CODEC, new HttpClientCodec(new HttpDecoderConfig(), false, false))
            .addLast(
                CHECK,
                new HttpCheckHandler(
                    request, check.expectStatus(), check.expectBody(), MAX_BODY_BYTES, attempt));
      }
    };
  }

  /**
   * HTTP/2's frame codec and multiplexer; once connected, one stream whose pipeline converts frames
   * to HTTP/1 objects for the same {@link HttpCheckHandler}. Closing the connection (when the check
   * completes) closes the stream.
   */
  private static ChannelHandler http2Pipeline(
      FullHttpRequest request, HealthCheck check, ProbeAttempt attempt) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(
                CODEC,
                Http2FrameCodecBuilder.forClient()
                    .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                    .build())
            .addLast(new Http2MultiplexHandler(Quiet.INSTANCE))
            .addLast(
                CHECK,
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelActive(ChannelHandlerContext ctx) {
                    new Http2StreamChannelBootstrap(ctx.channel())
                        .handler(
                            new ChannelInitializer<Channel>() {
                              @Override
                              protected void initChannel(Channel stream) {
                                stream
                                    .pipeline()
                                    .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                                    .addLast(
                                        new HttpCheckHandler(
                                            request,
                                            check.expectStatus(),
                                            check.expectBody(),
                                            MAX_BODY_BYTES,
                                            attempt));
                              }
                            })
                        .open()
                        .addListener(
                            f -> {
                              if (!f.isSuccess()) {
                                attempt.complete(
                                    false,
                                    ProbeResult.SOCKERR,
                                    "cannot open a stream: " + HttpCheckHandler.reason(f.cause()));
                              }
                            });
                    ctx.fireChannelActive();
                  }

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    io.netty.util.ReferenceCountUtil.release(msg); // SETTINGS, PING, GOAWAY
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                  }
                });
      }
    };
  }

  /** The TLS handler first, then {@code next}'s handlers (or {@link Quiet} for a TCP check). */
  private static ChannelHandler tlsPipeline(
      UpstreamTls tls,
      String serverHost,
      InetSocketAddress address,
      HealthCheck check,
      ChannelHandler next) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        String host = serverHost != null ? serverHost : address.getHostString();
        ch.pipeline()
            .addLast(
                TLS,
                tls.newHandler(ch.alloc(), host, address.getPort(), connectTimeoutMillis(check)));
        ch.pipeline().addLast(next != null ? next : Quiet.INSTANCE);
      }
    };
  }

  /** The request line and headers of an HTTP check; no body. */
  static FullHttpRequest request(HealthCheck check, InetSocketAddress address) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(check.method()),
            check.path(),
            Unpooled.EMPTY_BUFFER);
    request
        .headers()
        .set(HttpHeaderNames.HOST, check.host() != null ? check.host() : authority(address))
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.USER_AGENT, USER_AGENT);
    return request;
  }

  /**
   * {@code host:port} of the address checked; the host as the server was named (a DNS name stays a
   * name), an IPv6 literal in brackets.
   */
  static String authority(InetSocketAddress address) {
    String host = address.getHostString();
    if (host.indexOf(':') >= 0) {
      host = '[' + host + ']';
    }
    return host + ':' + address.getPort();
  }

  static InetSocketAddress checkAddress(InetSocketAddress target, int port) {
    if (port == 0 || port == target.getPort()) {
      return target;
    }
    return target.isUnresolved()
        ? InetSocketAddress.createUnresolved(target.getHostString(), port)
        : new InetSocketAddress(target.getAddress(), port);
  }

  private static int connectTimeoutMillis(HealthCheck check) {
    long millis = check.timeout().toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }

  /**
   * The whole pipeline of a TCP check: the check is over once connected, so nothing is read. Also
   * what a stream the server pushes gets (push is refused in SETTINGS).
   */
  @ChannelHandler.Sharable
  private static final class Quiet extends ChannelInboundHandlerAdapter {
    static final Quiet INSTANCE = new Quiet();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
