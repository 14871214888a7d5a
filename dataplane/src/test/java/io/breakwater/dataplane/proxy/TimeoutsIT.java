package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each configured timeout, on real sockets. Timeouts are short (hundreds of milliseconds) and each
 * test asserts both that the proxy waited at least that long and that it gave up within a bound.
 */
class TimeoutsIT {
  private static final Duration SHORT = Duration.ofMillis(400);
  private static final Duration LONG = Duration.ofSeconds(30);

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

  /** Timeouts all LONG except the one under test. */
  private static Timeouts only(String which) {
    return new Timeouts(
        which.equals("connect") ? SHORT : LONG,
        which.equals("client") ? SHORT : LONG,
        which.equals("server") ? SHORT : LONG,
        which.equals("httpRequest") ? SHORT : LONG,
        which.equals("httpKeepAlive") ? SHORT : LONG,
        which.equals("queue") ? SHORT : LONG,
        which.equals("tunnel") ? SHORT : LONG,
        LONG);
  }

  private Dataplane start(String which, io.breakwater.dataplane.config.Server... servers) {
    Dataplane dp =
        Dataplane.start(TestConfig.create().timeouts(only(which)).backend("b", servers).build());
    toClose.add(dp);
    return dp;
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void connectTimeoutAnswers502() throws Exception {
    // A listener that never accepts, with its accept queue filled: further SYNs go unanswered.
    try (ServerSocket blackhole = new ServerSocket()) {
      blackhole.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(blackhole.getLocalSocketAddress(), 200);
            fillers.add(s);
          } catch (IOException full) {
            s.close();
            break;
          }
        }
        Dataplane dp = start("connect", server("hole", blackhole.getLocalPort()));
        try (RawHttp c = new RawHttp(dp.port("http"))) {
          long t0 = System.nanoTime();
          RawHttp.Response r = c.get("/", "t");
          assertThat(r.status()).isEqualTo(502);
          assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 10_000L);
        }
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void serverTimeoutAnswers504() throws Exception {
    Dataplane dp = start("server", server("echo", echo.port()));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      long t0 = System.nanoTime();
      RawHttp.Response r = c.get("/?delay=3s", "t");
      assertThat(r.status()).isEqualTo(504);
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 2_500L);
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
    assertThat(dp.frontend("http").stats().errors(ProxyErrorKind.SERVER_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void clientTimeoutAnswers408WhenTheBodyStalls() throws Exception {
    Dataplane dp = start("client", server("echo", echo.port()));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      long t0 = System.nanoTime();
      c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly-part");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void aRoutesClientTimeoutGovernsItsRequestsBodyAndOtherRoutesKeepTheFrontends() throws Exception {
    String yaml =
        """
        defaults: {timeouts: {client: 30s}}
        frontends:
          - name: http
            listen: 127.0.0.1:1
            routes:
              - {path: /upload, backend: b, policy: {clientTimeout: 400ms}}
              - {path: /, backend: b}
        backends:
          - {name: b, servers: [{name: e, address: "ECHO"}]}
        """;
    Dataplane dp =
        Dataplane.start(
            ClientHardeningIT.anyPort(
                ConfigLoader.parse(yaml.replace("ECHO", "127.0.0.1:" + echo.port()), "t.yaml")));
    toClose.add(dp);
    assertThat(dp.config().frontends().get(0).routes().get(0).policy().clientTimeout())
        .isEqualTo(SHORT);
    try (RawHttp slow = new RawHttp(dp.port("http"));
        RawHttp other = new RawHttp(dp.port("http"))) {
      // Both stall their bodies; only the route with its own timeout gives up on its client.
      other.send("POST /other HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npart");
      long t0 = System.nanoTime();
      slow.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npart");
      RawHttp.Response r = slow.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
      assertThat(slow.closedByPeer()).isTrue();
      // The other request, stalled longer already, still waits for its body: it completes.
      other.send("x".repeat(96));
      assertThat(other.read().status()).isEqualTo(200);
    }
  }

  @Test
  void httpRequestTimeoutAnswers408ToAnIncompleteHead() throws Exception {
    Dataplane dp = start("httpRequest", server("echo", echo.port()));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      long t0 = System.nanoTime();
      c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void slowlorisTricklingHeaderBytesDoesNotExtendTheHeadTimeout() throws Exception {
    Dataplane dp = start("httpRequest", server("echo", echo.port()));
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      long t0 = System.nanoTime();
      c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ");
      // One byte every 50 ms: a clock re-armed per read would never fire.
      trickle.scheduleAtFixedRate(
          () -> {
            try {
              c.send("a");
            } catch (IOException e) {
              throw new UncheckedIOException(e); // closed by the proxy: stops the trickle
            }
          },
          50,
          50,
          TimeUnit.MILLISECONDS);
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
      assertThat(c.closedByPeer()).isTrue();
    } finally {
      trickle.shutdownNow();
    }
    assertThat(echo.requests()).isZero();
  }

  @Test
  void keepAliveTimeoutClosesAnIdleConnectionQuietly() throws Exception {
    Dataplane dp = start("httpKeepAlive", server("echo", echo.port()));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(c.closedByPeer()).isTrue();
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
    }
  }

  @Test
  void queueTimeoutAnswers503() throws Exception {
    Dataplane dp =
        Dataplane.start(
            TestConfig.create()
                .timeouts(only("queue"))
                .backend("b", Balance.ROUNDROBIN, 0, server("echo", echo.port(), 1, 1))
                .build());
    toClose.add(dp);
    try (RawHttp busy = new RawHttp(dp.port("http"));
        RawHttp waiting = new RawHttp(dp.port("http"))) {
      busy.send("GET /?delay=3s HTTP/1.1\r\nHost: t\r\n\r\n");
      // The slow request holds the only slot once the server has seen it.
      Await.until(() -> echo.requests() == 1);
      long t0 = System.nanoTime();
      RawHttp.Response r = waiting.get("/", "t");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.text()).contains("timed out");
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 2_500L);
      assertThat(busy.read().status()).isEqualTo(200);
    }
  }

  @Test
  void tunnelTimeoutClosesAnIdleWebSocket() throws Exception {
    Dataplane dp = start("tunnel", server("echo", echo.port()));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response r =
          c.send(
                  "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
              .readHead();
      assertThat(r.status()).isEqualTo(101);
      long t0 = System.nanoTime();
      assertThat(c.closedByPeer()).isTrue();
      assertThat(elapsedMillis(t0)).isBetween(SHORT.toMillis() - 50, 5_000L);
    }
  }
}
