package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.H2Client;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backends with {@code protocol: h2c}: requests are streams multiplexed over few connections,
 * GOAWAY and REFUSED_STREAM are handled, trailers pass, headers are translated, and gRPC deadlines
 * cancel the server's stream. The backend is a Netty h2c server on loopback ({@link H2Backend}).
 */
class Http2BackendIT {
  private H2Backend backend;
  private Dataplane dp;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private int start(H2Backend b, int maxStreams) {
    return start(b, maxStreams, BackendPolicy.DEFAULT);
  }

  private int start(H2Backend b, int maxStreams, BackendPolicy policy) {
    backend = b;
    TestConfig c = TestConfig.create().http2();
    c.backend(
        new Backend(
            "b",
            Balance.ROUNDROBIN,
            0,
            c.timeouts(),
            policy,
            List.of(
                new io.breakwater.dataplane.config.Server(
                    "h2",
                    new HostPort("127.0.0.1", b.port()),
                    1,
                    0,
                    InitialState.UP,
                    policy.healthCheck())),
            BackendProtocol.H2C,
            maxStreams));
    dp = Dataplane.start(c.build());
    return dp.port("http");
  }

  /** Holds every stream until {@code n} have arrived, then answers them all. */
  private static H2Backend.Behaviour answerWhenAllArrived(int n) {
    List<H2Backend.Stream> held = new ArrayList<>();
    return (b, s) -> {
      synchronized (held) {
        held.add(s);
        if (held.size() == n) {
          held.forEach(H2Backend.Stream::answer);
        }
      }
    };
  }

  private static List<H2Client.Response> concurrently(H2Client c, int n) throws Exception {
    List<CompletableFuture<H2Client.Response>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(c.send(HttpMethod.GET, "/r" + i, "h2.example.com", null));
    }
    List<H2Client.Response> out = new ArrayList<>();
    for (CompletableFuture<H2Client.Response> a : answers) {
      out.add(a.get(10, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void concurrentRequestsAreStreamsOnOneConnection() throws Exception {
    int port = start(new H2Backend(answerWhenAllArrived(10)), 100);
    try (H2Client c = H2Client.cleartext(port)) {
      List<H2Client.Response> rs = concurrently(c, 10);
      for (int i = 0; i < 10; i++) {
        assertThat(rs.get(i).status()).isEqualTo(200);
        assertThat(rs.get(i).body()).isEqualTo("/r" + i + " on 1");
      }
    }
    assertThat(backend.connections.get()).isEqualTo(1);
    assertThat(backend.maxOpen.get()).isEqualTo(10);
    assertThat(backend.resets).isEmpty(); // finished streams are not reset
    assertThat(dp.backend("b").state().stats().requests()).isEqualTo(10);
  }

  @Test
  void theMaxStreamsCapOpensAnotherConnection() throws Exception {
    int port = start(new H2Backend(answerWhenAllArrived(4)), 2);
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(concurrently(c, 4)).allMatch(r -> r.status() == 200);
    }
    assertThat(backend.connections.get()).isEqualTo(2);
  }

  @Test
  void theServersMaxConcurrentStreamsLowersTheLimit() throws Exception {
    H2Backend b = new H2Backend(H2Backend.ANSWER, 2);
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/warm", "h").status()).isEqualTo(200); // the server's SETTINGS are known
      b.behaviour(answerWhenAllArrived(4));
      assertThat(concurrently(c, 4)).allMatch(r -> r.status() == 200);
    }
    assertThat(backend.connections.get()).isEqualTo(2);
  }

  @Test
  void afterGoAwayInFlightStreamsFinishAndNewRequestsUseANewConnection() throws Exception {
    H2Backend b =
        new H2Backend(
            (be, s) -> {
              if (s.connection() == 1) {
                s.goAway(s.id());
              }
              s.answer();
            });
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/one", "h").body()).isEqualTo("/one on 1");
      assertThat(c.get("/two", "h").body()).isEqualTo("/two on 2");
      assertThat(c.get("/three", "h").body()).isEqualTo("/three on 2");
    }
    assertThat(backend.connections.get()).isEqualTo(2);
  }

  @Test
  void streamsAboveTheGoAwayLastStreamIdAreRetriedOnANewConnection() throws Exception {
    List<H2Backend.Stream> first = new ArrayList<>();
    H2Backend b =
        new H2Backend(
            (be, s) -> {
              if (s.connection() != 1) {
                s.answer();
              } else if (first.isEmpty()) {
                first.add(s); // held until the second arrives
              } else {
                s.goAway(first.get(0).id()); // the second is above: not processed
                first.get(0).answer();
              }
            });
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      CompletableFuture<H2Client.Response> one = c.send(HttpMethod.GET, "/one", "h", null);
      Await.until(() -> b.streams.get() == 1);
      H2Client.Response two = c.get("/two", "h");
      assertThat(one.get(10, TimeUnit.SECONDS).body()).isEqualTo("/one on 1");
      assertThat(two.status()).isEqualTo(200);
      assertThat(two.body()).isEqualTo("/two on 2");
    }
  }

  @Test
  void aRefusedStreamIsSentAgainWithItsBody() throws Exception {
    H2Backend b =
        new H2Backend(
            (be, s) -> {
              if (be.streams.get() == 1) {
                s.refuse();
              } else {
                s.answer();
              }
            });
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r = c.send(HttpMethod.POST, "/p", "h", "payload").get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("/p on 1 body=payload");
    }
    assertThat(b.streams.get()).isEqualTo(2);
  }

  /** Head, two body chunks, then trailers. */
  private static final H2Backend.Behaviour TRAILERS =
      (be, s) -> {
        DefaultHttpResponse head =
            new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("content-type", "application/grpc");
        s.channel().write(head);
        s.channel()
            .write(new DefaultHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.UTF_8)));
        s.channel()
            .write(new DefaultHttpContent(Unpooled.copiedBuffer("cd", StandardCharsets.UTF_8)));
        LastHttpContent last = new DefaultLastHttpContent();
        last.trailingHeaders().set("grpc-status", "0").set("x-trailer", "t");
        s.channel().writeAndFlush(last);
      };

  @Test
  void trailersReachAnHttp2Client() throws Exception {
    int port = start(new H2Backend(TRAILERS), 100);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r = c.get("/t", "h");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("abcd");
      assertThat(r.headersOnly().trailingHeaders().get("grpc-status")).isEqualTo("0");
      assertThat(r.headersOnly().trailingHeaders().get("x-trailer")).isEqualTo("t");
    }
  }

  @Test
  void anHttp1ClientGetsTheTrailersOfAChunkedResponse() throws Exception {
    int port = start(new H2Backend(TRAILERS), 100);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /t HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(text)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("transfer-encoding: chunked")
          .contains("abcd")
          .contains("\r\n0\r\ngrpc-status: 0\r\n")
          .contains("x-trailer: t");
    }
  }

  @Test
  void anHttp1RequestBecomesAStreamWithoutHopByHopFieldsButWithTeTrailers() throws Exception {
    int port = start(new H2Backend(H2Backend.ANSWER), 100);
    try (RawHttp c = new RawHttp(port)) {
      c.send(
          "GET /h HTTP/1.1\r\nHost: api.example.com\r\nConnection: x-hop\r\nx-hop: 1\r\n"
              + "TE: trailers\r\n\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("/h on 1");
      assertThat(r.header("x-seen-te")).isEqualTo("trailers");
      assertThat(r.header("x-seen-host")).isEqualTo("api.example.com");
      // keep-alive to the client; the next request is a new stream on the same connection
      assertThat(c.get("/h2", "api.example.com").text()).isEqualTo("/h2 on 1");
    }
    assertThat(backend.connections.get()).isEqualTo(1);
  }

  @Test
  void aGrpcDeadlineCancelsTheServersStreamAndAnswersDeadlineExceeded() throws Exception {
    H2Backend b = new H2Backend((be, s) -> {}); // never answers
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r =
          c.send(
                  HttpMethod.POST,
                  "/svc/Method",
                  "h",
                  "\0\0\0\0\0",
                  Map.of(
                      "content-type", "application/grpc", "te", "trailers", "grpc-timeout", "200m"))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headersOnly().headers().get("grpc-status")).isEqualTo("4");
      assertThat(r.headersOnly().headers().get("content-type")).isEqualTo("application/grpc");
    }
    Await.until(() -> b.resets.contains(Http2Error.CANCEL.code()));
  }

  @Test
  void aGrpcDeadlineDuringTheResponseEndsItWithDeadlineExceededTrailers() throws Exception {
    H2Backend b =
        new H2Backend(
            (be, s) -> {
              DefaultHttpResponse head =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              head.headers().set("content-type", "application/grpc");
              s.channel().write(head);
              s.channel()
                  .writeAndFlush(
                      new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0})));
            }); // and then nothing
    int port = start(b, 100);
    try (H2Client c = H2Client.cleartext(port)) {
      H2Client.Response r =
          c.send(
                  HttpMethod.POST,
                  "/svc/Stream",
                  "h",
                  "\0\0\0\0\0",
                  Map.of("content-type", "application/grpc", "grpc-timeout", "300m"))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).hasSize(5);
      assertThat(r.headersOnly().trailingHeaders().get("grpc-status")).isEqualTo("4");
    }
    Await.until(() -> b.resets.contains(Http2Error.CANCEL.code()));
  }

  @Test
  void aFailedConnectToAnH2cServerIsAGrpcUnavailableForGrpcAnd502Otherwise() throws Exception {
    H2Backend b = new H2Backend(H2Backend.ANSWER);
    int port = start(b, 100);
    b.close();
    backend = null;
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/", "h").status()).isEqualTo(502);
      H2Client.Response r =
          c.send(HttpMethod.POST, "/svc/M", "h", "", Map.of("content-type", "application/grpc"))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headersOnly().headers().get("grpc-status")).isEqualTo("14");
      assertThat(r.headersOnly().headers().get("grpc-message")).contains("could not connect");
    }
  }

  @Test
  void httpHealthChecksSpeakH2cToTheServer() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    H2Backend b =
        new H2Backend(
            (be, s) -> {
              if (s.uri().equals("/healthz")) {
                s.answer(
                    healthy.get() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE);
              } else {
                s.answer();
              }
            });
    HealthCheck check = fastHttpCheck();
    BackendPolicy policy =
        new BackendPolicy(check, null, Retries.DEFAULT, null, null, Limits.NONE, null, null);
    int port = start(b, 100, policy);
    ServerState server = dp.backend("b").servers().get(0);
    Await.until(() -> b.streams.get() >= 2); // checks arrive as h2c streams
    assertThat(server.eligible()).isTrue();
    healthy.set(false);
    Await.until(() -> !server.eligible());
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/", "h").status()).isEqualTo(503);
      healthy.set(true);
      Await.until(server::eligible);
      assertThat(c.get("/", "h").status()).isEqualTo(200);
    }
  }

  @Test
  void aGrpcCallNoRouteMatchesIsUnimplementedAndOthersGet404() throws Exception {
    backend = new H2Backend(H2Backend.ANSWER);
    TestConfig c = TestConfig.create().http2().noDefaultBackend();
    c.backend(
        new Backend(
            "b",
            Balance.ROUNDROBIN,
            0,
            c.timeouts(),
            BackendPolicy.DEFAULT,
            List.of(),
            BackendProtocol.H2C,
            100));
    c.route("other.example.com", "/", PathType.PREFIX, "b");
    dp = Dataplane.start(c.build());
    try (H2Client client = H2Client.cleartext(dp.port("http"))) {
      assertThat(client.get("/", "h").status()).isEqualTo(404);
      H2Client.Response r =
          client
              .send(HttpMethod.POST, "/svc/M", "h", "", Map.of("content-type", "application/grpc"))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headersOnly().headers().get("grpc-status")).isEqualTo("12");
    }
    assertThat(dp.frontend("http").stats().errors(ProxyErrorKind.NO_ROUTE)).isEqualTo(2);
  }

  private static final TestCertificates.Issued CERT = TestCertificates.ec("h2.example.com");

  private static SslContext serverTls(boolean alpnH2) throws Exception {
    SslContextBuilder b =
        SslContextBuilder.forServer(
            new ByteArrayInputStream(CERT.certPem().getBytes(StandardCharsets.US_ASCII)),
            new ByteArrayInputStream(CERT.pkcs8Pem().getBytes(StandardCharsets.US_ASCII)));
    if (alpnH2) {
      b.applicationProtocolConfig(
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2));
    }
    return b.build();
  }

  private int startH2(H2Backend b) {
    return startH2(b, null);
  }

  private int startH2(H2Backend b, HealthCheck check) {
    backend = b;
    TestConfig c = TestConfig.create().http2();
    c.backend(
        new Backend(
            "b",
            Balance.ROUNDROBIN,
            0,
            c.timeouts(),
            BackendPolicy.DEFAULT,
            List.of(
                new io.breakwater.dataplane.config.Server(
                    "h2", new HostPort("127.0.0.1", b.port()), 1, 0, InitialState.UP, check)),
            new BackendTls(
                null, CERT.certPem(), true, "h2.example.com", null, Tls.PROTOCOLS, List.of()),
            BackendProtocol.H2,
            100));
    dp = Dataplane.start(c.build());
    return dp.port("http");
  }

  @Test
  void protocolH2MultiplexesStreamsOverOneVerifiedTlsConnection() throws Exception {
    int port = startH2(new H2Backend(answerWhenAllArrived(5), 0, serverTls(true)));
    try (H2Client c = H2Client.cleartext(port)) {
      List<H2Client.Response> rs = concurrently(c, 5);
      for (int i = 0; i < 5; i++) {
        assertThat(rs.get(i).status()).isEqualTo(200);
        assertThat(rs.get(i).body()).isEqualTo("/r" + i + " on 1");
      }
    }
    assertThat(backend.connections.get()).isEqualTo(1);
  }

  @Test
  void aServerThatDoesNotSelectH2ByAlpnFailsTheConnect() throws Exception {
    int port = startH2(new H2Backend(H2Backend.ANSWER, 0, serverTls(false)));
    try (H2Client c = H2Client.cleartext(port)) {
      assertThat(c.get("/", "h").status()).isEqualTo(502);
    }
    assertThat(backend.streams.get()).isZero();
    assertThat(dp.backend("b").servers().get(0).stats().errors(ProxyErrorKind.CONNECT_FAILED))
        .isPositive();
  }

  /** GET /healthz every 50 ms, one result decides. */
  private static HealthCheck fastHttpCheck() {
    HealthCheck d = HealthCheck.DEFAULT;
    return new HealthCheck(
        HealthCheck.Type.HTTP,
        "GET",
        "/healthz",
        null,
        d.expectStatus(),
        null,
        Duration.ofMillis(50),
        Duration.ofMillis(50),
        Duration.ofMillis(50),
        Duration.ofSeconds(2),
        1,
        1,
        0);
  }

  @Test
  void httpHealthChecksOfAnH2BackendSpeakHttp2OverItsTls() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    H2Backend b =
        new H2Backend(
            (be, s) ->
                s.answer(
                    healthy.get() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE),
            0,
            serverTls(true));
    startH2(b, fastHttpCheck());
    ServerState server = dp.backend("b").servers().get(0);
    Await.until(() -> b.streams.get() >= 2);
    assertThat(server.eligible()).isTrue();
    healthy.set(false);
    Await.until(() -> !server.eligible());
  }
}
