package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.H2Client;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TestConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 from clients, HTTP/1.1 to the backend: h2c with prior knowledge, h2 over TLS chosen by
 * ALPN, many streams on one connection, request bodies, and HTTP/1.1 still served on the same
 * frontends.
 */
class Http2IT {
  private static final Issued CERT = TestCertificates.ec("h2.example.com");

  private EchoServer echo;
  private Dataplane dp;

  @BeforeEach
  void startEcho() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    echo.close();
  }

  private int start(boolean tls) {
    TestConfig c = TestConfig.create().backend("b", server("echo", echo.port())).http2();
    if (tls) {
      c.tls(
          new Tls(
              List.of(new Tls.Certificate(null, CERT.certPem(), null, CERT.pkcs8Pem())),
              Tls.PROTOCOLS,
              List.of()));
    }
    dp = Dataplane.start(c.build());
    return dp.port("http");
  }

  @Test
  void h2cWithPriorKnowledgeIsProxiedToAnHttp1Backend() throws Exception {
    int port = start(false);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r = c.get("/x?q=1", "h2.example.com");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"path\":\"/x\"")
          .contains("\"host\":\"h2.example.com\"")
          .contains("\"protocol\":\"HTTP/1.1\"")
          .contains("\"x-forwarded-proto\":\"http\"")
          .doesNotContain("x-http2");
    }
  }

  @Test
  void h2OverTlsIsChosenByAlpn() throws Exception {
    int port = start(true);
    try (H2Client c = H2Client.tls(port, "h2.example.com")) {
      assertThat(c.alpn()).isEqualTo("h2");
      H2Client.Response r = c.get("/", "h2.example.com");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"x-forwarded-proto\":\"https\"");
    }
  }

  @Test
  void manyStreamsOnOneConnectionEachGetTheirAnswer() throws Exception {
    int port = start(true);
    try (H2Client c = H2Client.tls(port, "h2.example.com")) {
      List<CompletableFuture<H2Client.Response>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(c.send(HttpMethod.GET, "/s" + i, "h2.example.com", null));
      }
      for (int i = 0; i < 20; i++) {
        H2Client.Response r = answers.get(i).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/s" + i + "\"");
      }
    }
  }

  @Test
  void aRequestBodyReachesTheBackend() throws Exception {
    int port = start(false);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r =
          c.send(HttpMethod.POST, "/?echo=body", "h2.example.com", "hello over h2")
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hello over h2");
    }
  }

  @Test
  void http1IsStillServedOnHttp2Frontends() throws Exception {
    int plain = start(false);
    try (RawHttp c = new RawHttp(plain)) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
    dp.close();
    int tls = start(true);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        null,
        io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers(),
        null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", tls)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName("h2.example.com")));
      s.setSSLParameters(p); // no ALPN: HTTP/1.1
      RawHttp c = new RawHttp(s);
      assertThat(c.get("/", "h2.example.com").status()).isEqualTo(200);
      assertThat(c.get("/", "h2.example.com").status()).isEqualTo(200);
    }
  }

  @Test
  void anUnknownHostGets404OnItsStreamAndTheConnectionStaysUp() throws Exception {
    dp =
        Dataplane.start(
            TestConfig.create()
                .backend("b", server("echo", echo.port()))
                .route("only.example.com", "/", io.breakwater.dataplane.config.PathType.PREFIX, "b")
                .noDefaultBackend()
                .http2()
                .build());
    try (H2Client c = H2Client.cleartext(dp.port("http"))) {
      assertThat(c.get("/", "other.example.com").status()).isEqualTo(404);
      assertThat(c.get("/", "only.example.com").status()).isEqualTo(200);
    }
  }

  @Test
  void trailersFromAnHttp1BackendReachTheClientAsHttp2Trailers() throws Exception {
    try (ScriptedBackend grpc = new ScriptedBackend()) {
      grpc.answerWith(
          "HTTP/1.1 200 OK\r\nContent-Type: application/grpc\r\nTransfer-Encoding: chunked\r\n"
              + "Trailer: grpc-status\r\n\r\n5\r\nhello\r\n0\r\ngrpc-status: 0\r\n"
              + "grpc-message: done\r\n\r\n");
      dp =
          Dataplane.start(
              TestConfig.create().backend("g", server("g", grpc.port())).http2().build());
      try (H2Client c = H2Client.cleartext(dp.port("http"))) {
        H2Client.Response r =
            c.send(HttpMethod.POST, "/pkg.Svc/Call", "t", "\0\0\0\0\0").get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headersOnly().trailingHeaders().get("grpc-status")).isEqualTo("0");
        assertThat(r.headersOnly().trailingHeaders().get("grpc-message")).isEqualTo("done");
      }
    }
  }

  @Test
  void rapidResetClosesTheConnection() throws Exception {
    int port = start(false);
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.rapidReset(Http2Connection.MAX_RST_FRAMES * 3))
          .as("closed by the server")
          .isTrue();
    }
    // The frontend still serves others.
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
  }
}
