package io.breakwater.dataplane.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TlsBackend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client contexts {@link UpstreamTls} builds verify the same way on both engines the dataplane
 * may run on (OpenSSL when netty-tcnative loads, the JDK's otherwise): a handshake per case against
 * a real TLS server.
 */
class UpstreamTlsIT {
  private static final Issued BACKEND = TestCertificates.rsa("backend.test");
  private static final Issued BY_IP = TestCertificates.rsa("127.0.0.1");
  private static final Issued OTHER = TestCertificates.rsa("other.test");

  private static EventLoopGroup group;
  private static TlsBackend byName;
  private static TlsBackend byIp;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    byName = TlsBackend.start(BACKEND);
    byIp = TlsBackend.start(BY_IP);
  }

  @AfterAll
  static void stop() {
    byName.close();
    byIp.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static Stream<SslProvider> providers() {
    return OpenSsl.isAvailable()
        ? Stream.of(SslProvider.JDK, SslProvider.OPENSSL)
        : Stream.of(SslProvider.JDK);
  }

  private static BackendTls tls(Issued ca, boolean verify, String sni) {
    return new BackendTls(
        null, ca == null ? null : ca.certPem(), verify, sni, null, Tls.PROTOCOLS, List.of());
  }

  /** Whether a handshake with {@code server} succeeds. */
  private static boolean handshake(SslProvider provider, BackendTls config, TlsBackend server)
      throws Exception {
    UpstreamTls tls = UpstreamTls.build(config, List.of(), "backends[0].tls", provider);
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel c) {
                    c.pipeline()
                        .addLast(tls.newHandler(c.alloc(), "127.0.0.1", server.port(), 5_000))
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
                                ctx.close(); // the handshake future carries the failure
                              }
                            });
                  }
                })
            .connect("127.0.0.1", server.port())
            .sync()
            .channel();
    try {
      Future<Channel> done = ch.pipeline().get(SslHandler.class).handshakeFuture();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("handshake finished").isTrue();
      return done.isSuccess();
    } finally {
      ch.close().sync();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void verifiesTheChainAndTheName(SslProvider provider) throws Exception {
    assertThat(handshake(provider, tls(BACKEND, true, "backend.test"), byName)).isTrue();
    assertThat(handshake(provider, tls(OTHER, true, "backend.test"), byName))
        .as("untrusted")
        .isFalse();
    assertThat(handshake(provider, tls(BACKEND, true, "wrong.test"), byName))
        .as("name mismatch")
        .isFalse();
    assertThat(handshake(provider, tls(BACKEND, true, null), byName))
        .as("the address 127.0.0.1 is not a name of the certificate")
        .isFalse();
    assertThat(handshake(provider, tls(BY_IP, true, null), byIp)).as("IP SAN").isTrue();
    assertThat(handshake(provider, tls(null, true, "backend.test"), byName))
        .as("not in the JDK trust store")
        .isFalse();
    assertThat(handshake(provider, tls(null, false, null), byName)).as("verify: false").isTrue();
  }
}
