package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.H2Client;
import io.breakwater.dataplane.testing.RawH2;
import io.breakwater.dataplane.testing.RawHttp;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client-facing limits of issue 8 §3 on real loopback sockets: the backend's request body limit
 * (413), the per-client connection limit, and the write timeout for clients that stop reading.
 */
class ClientHardeningIT {
  private EchoServer echo;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startBackend() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    echo.close();
  }

  /**
   * A dataplane from YAML (frontend {@code http} on a free port): {@code %d} in the text is the
   * echo server's port.
   */
  private Dataplane start(String yaml) {
    Config c = ConfigLoader.parse(yaml.replace("ECHO", "127.0.0.1:" + echo.port()), "t.yaml");
    Dataplane dp = Dataplane.start(anyPort(c));
    toClose.add(dp);
    return dp;
  }

  /** The config with its first frontend on a free port (a file cannot say port 0). */
  static Config anyPort(Config c) {
    Frontend f = c.frontends().get(0);
    Frontend any = f.withListen(new HostPort("127.0.0.1", 0));
    return new Config(c.global(), c.defaults(), List.of(any), c.backends());
  }

  private static RawHttp.Response send(RawHttp c, String raw) throws IOException {
    c.send(raw);
    return c.read();
  }

  // ---- request body limit per backend ----

  private static final String BODY_LIMITS =
      """
      defaults: {maxBodySize: 20}
      frontends:
        - name: http
          listen: 127.0.0.1:1
          http2: true
          defaultBackend: small
          routes:
            - {path: /wide, backend: small, policy: {maxBodySize: 100}}
            - {path: /inherits, backend: inherits}
      backends:
        - {name: small, maxBodySize: 10, servers: [{name: e, address: "ECHO"}]}
        - {name: inherits, servers: [{name: e, address: "ECHO"}]}
      """;

  @Test
  void aContentLengthOverTheBackendsLimitGets413BeforeAnythingIsForwarded() throws Exception {
    Dataplane dp = start(BODY_LIMITS);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response r =
          send(c, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n01234567890");
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(echo.requests()).isZero();
    assertThat(dp.backend("small").state().stats().errors(ProxyErrorKind.PAYLOAD_TOO_LARGE))
        .isEqualTo(1);
    // At the limit: forwarded, and the connection is kept.
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response ok =
          send(c, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitGets413AndTheConnectionCloses() throws Exception {
    Dataplane dp = start(BODY_LIMITS);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response r =
          send(
              c,
              "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "6\r\n012345\r\n6\r\n012345\r\n0\r\n\r\n");
      assertThat(r.status()).isEqualTo(413);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void aBodyThatExceedsTheLimitWhileStreamingAbortsBothSides() throws Exception {
    Dataplane dp = start(BODY_LIMITS);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      // The head and a first chunk go to the server; the request then waits for more.
      c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n");
      Await.until(() -> echo.activeConnections() == 1);
      c.send("6\r\n012345\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(c.closedByPeer()).isTrue();
    }
    // The server's connection (holding half a request) is closed, not pooled.
    Await.until(() -> echo.activeConnections() == 0);
  }

  @Test
  void theRoutesLimitWinsAndDefaultsApplyToBackendsWithoutTheirOwn() throws Exception {
    Dataplane dp = start(BODY_LIMITS);
    String body50 = "x".repeat(50);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response wide =
          send(c, "POST /wide HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n" + body50);
      assertThat(wide.status()).isEqualTo(200);
    }
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response inherited =
          send(c, "POST /inherits HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n" + body50);
      assertThat(inherited.status()).isEqualTo(413);
    }
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response withinDefault =
          send(
              c,
              "POST /inherits HTTP/1.1\r\nHost: t\r\nContent-Length: 20\r\n\r\n" + "y".repeat(20));
      assertThat(withinDefault.status()).isEqualTo(200);
    }
  }

  @Test
  void http2RequestsOverTheBackendsLimitGet413() throws Exception {
    Dataplane dp = start(BODY_LIMITS);
    try (H2Client h2 = H2Client.cleartext(dp.port("http"))) {
      H2Client.Response routeBig =
          h2.send(HttpMethod.POST, "/wide", "t", "x".repeat(101)).get(10, TimeUnit.SECONDS);
      assertThat(routeBig.status()).isEqualTo(413);
      H2Client.Response big =
          h2.send(HttpMethod.POST, "/", "t", "01234567890").get(10, TimeUnit.SECONDS);
      assertThat(big.status()).isEqualTo(413);
      H2Client.Response small =
          h2.send(HttpMethod.POST, "/", "t", "0123456789").get(10, TimeUnit.SECONDS);
      assertThat(small.status()).isEqualTo(200);
    }
  }

  @Test
  void invalidLimitsAreRefusedWithTheirPath() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "backends: [{name: b, maxBodySize: -1, servers: []}]", "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends[0].maxBodySize");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "frontends: [{name: f, listen: 127.0.0.1:8080, proxyProtocol: true,"
                        + " maxconnPerClient: 5}]",
                    "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("frontends[0].maxconnPerClient")
        .hasMessageContaining("proxyProtocol");
  }

  // ---- connections per client ----

  private static final String PER_CLIENT =
      """
      frontends:
        - {name: http, listen: 127.0.0.1:1, defaultBackend: b, maxconnPerClient: 2}
      backends:
        - {name: b, servers: [{name: e, address: "ECHO"}]}
      """;

  private static RawHttp from(String localAddress, int port) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(localAddress, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    return new RawHttp(s);
  }

  @Test
  void aClientOverItsConnectionLimitIsClosedAtOnceWhileOthersAreServed() throws Exception {
    Dataplane dp = start(PER_CLIENT);
    int port = dp.port("http");
    FrontendState fs = dp.frontend("http");
    InetAddress one = InetAddress.getByName("127.0.0.1");
    try (RawHttp a = from("127.0.0.1", port);
        RawHttp b = from("127.0.0.1", port)) {
      assertThat(a.get("/", "t").status()).isEqualTo(200);
      assertThat(b.get("/", "t").status()).isEqualTo(200);
      try (RawHttp third = from("127.0.0.1", port)) {
        // Closed without an answer, whatever it sends.
        third.out().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(third.closedByPeer()).isTrue();
      }
      assertThat(fs.connectionsRefusedPerClient()).isEqualTo(1);
      StatsSnapshot.Frontend row =
          dp.stats().frontends().stream().filter(f -> f.name().equals("http")).findFirst().get();
      assertThat(row.connectionsDenied()).isEqualTo(1);
      String metrics =
          new String(
              new io.breakwater.dataplane.metrics.DataplaneMetrics(dp).scrape("text/plain").body(),
              StandardCharsets.UTF_8);
      assertThat(metrics)
          .contains("breakwater_frontend_denied_connections_total{frontend=\"http\"} 1.0");
      // Another address has its own count.
      try (RawHttp other = from("127.0.0.2", port)) {
        assertThat(other.get("/", "t").status()).isEqualTo(200);
      }
      // The first two are still served.
      assertThat(a.get("/", "t").status()).isEqualTo(200);
      b.close();
      Await.until(() -> fs.perClient().open(one) == 1);
      try (RawHttp again = from("127.0.0.1", port)) {
        assertThat(again.get("/", "t").status()).isEqualTo(200);
      }
    }
    // Entries go when their last connection does: memory is bounded by open connections.
    Await.until(() -> fs.perClient().clients() == 0);
    assertThat(echo.requests()).isEqualTo(5);
  }

  // ---- clients that stop reading ----

  /**
   * A server that answers the first request with a response far larger than any buffer (1 GiB) and
   * writes until the connection is closed, counting what it managed to write.
   */
  private static final class Firehose implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket();
    private final AtomicLong written = new AtomicLong();
    private final CompletableFuture<Long> cut = new CompletableFuture<>();
    private final Thread thread;

    Firehose() throws IOException {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      thread = new Thread(this::serve, "firehose");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void serve() {
      try (Socket s = listener.accept()) {
        InputStream in = s.getInputStream();
        int matched = 0;
        while (matched < 4) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        while (written.get() < (1L << 30)) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException e) {
        cut.complete(written.get());
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedAfterTheClientTimeoutAndTheServerIsReleased()
      throws Exception {
    Duration clientTimeout = Duration.ofMillis(800);
    try (Firehose server = new Firehose()) {
      Dataplane dp =
          start(
              """
              frontends:
                - {name: http, listen: 127.0.0.1:1, defaultBackend: b, timeouts: {client: 800ms}}
              backends:
                - {name: b, timeouts: {server: 60s}, servers: [{name: f, address: "127.0.0.1:%d"}]}
              """
                  .formatted(server.port()));
      try (Socket client = new Socket()) {
        client.setReceiveBufferSize(4096); // before connect, so the window is small
        client.connect(new InetSocketAddress("127.0.0.1", dp.port("http")), 5_000);
        long t0 = System.nanoTime();
        client
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        // Never read. The proxy stops reading from the server once its write buffer to the client
        // is full, and closes both connections when the client has not drained it in time.
        long writtenAtCut = server.cut.get(20, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMillis).isBetween(clientTimeout.toMillis() - 50, 15_000L);
        // Bounded buffering: what the server could write is what the kernel buffers on the way
        // hold plus the proxy's watermark, nowhere near the 1 GiB it wanted to send.
        assertThat(writtenAtCut).isLessThan(64L << 20);
        // The client's connection is closed too: draining it ends in EOF (or a reset), not a wait.
        client.setSoTimeout(10_000);
        long drained = 0;
        try (InputStream in = client.getInputStream()) {
          byte[] buf = new byte[64 * 1024];
          for (int n; (n = in.read(buf)) >= 0; ) {
            drained += n;
          }
        } catch (SocketTimeoutException e) {
          throw new AssertionError("the proxy left the client's connection open", e);
        } catch (IOException reset) {
          // closed with unread data: a reset is as good as a FIN here
        }
        assertThat(drained).isLessThan(writtenAtCut + 1024);
      }
      FrontendState fs = dp.frontend("http");
      Await.until(() -> fs.connections() == 0);
      assertThat(fs.stats().errors(ProxyErrorKind.CLIENT_ABORTED)).isEqualTo(1);
      assertThat(dp.backend("b").state().stats().errors(ProxyErrorKind.SERVER_TIMEOUT)).isZero();
    }
  }

  @Test
  void anHttp2ClientThatNeverOpensItsWindowHasItsStreamResetAfterTheClientTimeout()
      throws Exception {
    try (Firehose server = new Firehose()) {
      Dataplane dp =
          start(
              """
              frontends:
                - name: http
                  listen: 127.0.0.1:1
                  http2: true
                  defaultBackend: b
                  timeouts: {client: 800ms}
              backends:
                - {name: b, timeouts: {server: 60s}, servers: [{name: f, address: "127.0.0.1:%d"}]}
              """
                  .formatted(server.port()));
      try (RawH2 h2 = RawH2.connect(dp.port("http"))) {
        long t0 = System.nanoTime();
        h2.headers(1, true, RawH2.requestHeaders("GET", "/", "t"));
        h2.flush();
        // The client reads every frame but never sends WINDOW_UPDATE: after 64 KiB of DATA the
        // stream's window is shut, the proxy stops reading from the server, and the stream is
        // reset when the client timeout passes.
        long data = 0;
        RawH2.Frame f;
        while ((f = h2.read()) != null && f.type() != RawH2.RST_STREAM) {
          if (f.type() == RawH2.DATA) {
            data += f.payload().length;
          }
        }
        assertThat(f).as("RST_STREAM before the connection closed").isNotNull();
        assertThat(f.stream()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(750L, 15_000L);
        assertThat(data).isLessThanOrEqualTo(65_535);
        long writtenAtCut = server.cut.get(10, TimeUnit.SECONDS);
        assertThat(writtenAtCut).isLessThan(64L << 20);
      }
    }
  }

  @Test
  void aClientThatReadsSlowlyButSteadilyGetsItsWholeResponse() throws Exception {
    Dataplane dp =
        start(
            """
            frontends:
              - {name: http, listen: 127.0.0.1:1, defaultBackend: b, timeouts: {client: 2s}}
            backends:
              - {name: b, servers: [{name: e, address: "ECHO"}]}
            """);
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096);
      client.connect(new InetSocketAddress("127.0.0.1", dp.port("http")), 5_000);
      client.setSoTimeout(10_000);
      RawHttp c = new RawHttp(client);
      // 8 MiB read in small pieces: the write buffer fills and drains many times, each time
      // within the timeout, so nothing is cut.
      RawHttp.Response r = c.get("/?size=8388608", "t");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).hasSize(8 << 20);
    }
  }
}
