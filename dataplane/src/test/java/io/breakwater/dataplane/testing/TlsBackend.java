package io.breakwater.dataplane.testing;

import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.tls.Pem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS backend on loopback for tests of TLS to backends. It records what each handshake showed
 * (the SNI name asked for, the client certificate presented), answers every request {@code 200}
 * with {@code sni=NAME path=PATH client=SUBJECT} (NAME {@code -} without SNI), and switches a
 * WebSocket upgrade to a raw byte echo. With a client CA it requires a client certificate it signed
 * (mTLS).
 */
public final class TlsBackend implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel server;
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger failedHandshakes = new AtomicInteger();

  private TlsBackend(Issued cert, Issued clientCa) throws Exception {
    SslContextBuilder b =
        SslContextBuilder.forServer(Pem.privateKey(cert.pkcs8Pem()), cert.cert())
            .sslProvider(SslProvider.JDK);
    if (clientCa != null) {
      b.trustManager(clientCa.cert()).clientAuth(ClientAuth.REQUIRE);
    }
    SslContext ctx = b.build();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new SniHandler(
                                name -> {
                                  sniNames.add(name == null ? "-" : name);
                                  return ctx;
                                }))
                        .addLast(new HandshakeCounter())
                        .addLast("codec", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(65536))
                        .addLast("answer", new Answer());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  /** A backend serving {@code cert}; no client certificate asked for. */
  public static TlsBackend start(Issued cert) throws Exception {
    return new TlsBackend(cert, null);
  }

  /** A backend serving {@code cert} that requires a client certificate signed by {@code ca}. */
  public static TlsBackend requireClientCertificate(Issued cert, Issued ca) throws Exception {
    return new TlsBackend(cert, ca);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The SNI names of every handshake begun, in order; {@code -} for none. */
  public List<String> sniNames() {
    return List.copyOf(sniNames);
  }

  /** Handshakes completed. */
  public int handshakes() {
    return handshakes.get();
  }

  /** Handshakes that failed. */
  public int failedHandshakes() {
    return failedHandshakes.get();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class HandshakeCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e) {
        (e.isSuccess() ? handshakes : failedHandshakes).incrementAndGet();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      String key = req.headers().get("sec-websocket-key");
      if (key != null && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
        FullHttpResponse res =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        res.headers()
            .set(HttpHeaderNames.UPGRADE, "websocket")
            .set(HttpHeaderNames.CONNECTION, "Upgrade")
            .set("sec-websocket-accept", accept(key));
        ctx.writeAndFlush(res);
        ctx.pipeline().addLast(new RawEcho());
        ctx.pipeline().remove("answer");
        ctx.pipeline().remove("aggregator");
        ctx.pipeline().remove("codec");
        return;
      }
      String sni =
          ssl.engine().getSession() instanceof javax.net.ssl.ExtendedSSLSession s
                  && !s.getRequestedServerNames().isEmpty()
              ? new String(
                  s.getRequestedServerNames().get(0).getEncoded(), StandardCharsets.US_ASCII)
              : "-";
      String client = "-";
      try {
        client =
            ((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0])
                .getSubjectX500Principal()
                .getName();
      } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
        // no client certificate
      }
      byte[] body =
          ("sni=" + sni + " path=" + req.uri() + " client=" + client)
              .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      ctx.writeAndFlush(res);
    }

    private static String accept(String key) throws Exception {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest(
                  (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                      .getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    }
  }

  private static final class RawEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        ctx.writeAndFlush(b);
      } else {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }
  }
}
