package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The proxy over real loopback sockets, against echo backends. */
class ProxyIT {
  private EchoServer a;
  private EchoServer b;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startBackends() {
    a = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    b = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "b");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    a.close();
    b.close();
  }

  private Dataplane start(TestConfig c) {
    Dataplane dp = Dataplane.start(c.build());
    toClose.add(dp);
    return dp;
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"IO_URING", "EPOLL", "NIO"})
  void balancesRoundRobinAndReusesUpstreamConnections(Transport transport) throws Exception {
    Dataplane dp =
        start(
            TestConfig.create()
                .global(1, 1000, transport)
                .backend("echo", server("a", a.port()), server("b", b.port())));
    assertThat(dp.transport()).isEqualTo(transport.configName());
    List<String> servedBy = new ArrayList<>();
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      for (int i = 0; i < 6; i++) {
        RawHttp.Response r = c.get("/x", "any.host");
        assertThat(r.status()).isEqualTo(200);
        servedBy.add(r.header("x-echo-server"));
      }
    }
    // Round robin starts at a random server; after that it alternates strictly.
    for (int i = 1; i < servedBy.size(); i++) {
      assertThat(servedBy.get(i)).isNotEqualTo(servedBy.get(i - 1));
    }
    assertThat(servedBy).containsOnly("a", "b");
    assertThat(a.connectionsAccepted()).isEqualTo(1);
    assertThat(b.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void routesByHostAndPathAndFallsBackToTheDefaultBackend() throws Exception {
    Dataplane dp =
        start(
            TestConfig.create()
                .backend("fallback", server("a", a.port()))
                .backend("api", server("b", b.port()))
                .route("shop.example.com", "/api", PathType.PREFIX, "api"));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      assertThat(c.get("/api/items", "Shop.Example.com:8080").header("x-echo-server"))
          .isEqualTo("b");
      assertThat(c.get("/apix", "shop.example.com").header("x-echo-server")).isEqualTo("a");
      assertThat(c.get("/api", "other.example.com").header("x-echo-server")).isEqualTo("a");
    }
  }

  @Test
  void forwardsClientAddressAndHostToTheBackend() throws Exception {
    Dataplane dp = start(TestConfig.create().backend("echo", server("a", a.port())));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      String body =
          c.send(
                  "GET /h HTTP/1.1\r\nHost: site.test\r\nX-Forwarded-For: 203.0.113.9\r\n"
                      + "Connection: keep-alive, X-Drop\r\nX-Drop: 1\r\n\r\n")
              .read()
              .text();
      assertThat(body)
          .contains("\"x-forwarded-for\":\"203.0.113.9, 127.0.0.1\"")
          .contains("\"x-forwarded-host\":\"site.test\"")
          .contains("\"x-forwarded-proto\":\"http\"")
          .contains("\"x-forwarded-port\":\"" + dp.port("http") + "\"")
          .contains("\"host\":\"site.test\"")
          .doesNotContain("x-drop");
    }
  }

  @Test
  void answersEachErrorStatusWithAShortBody() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Dataplane dp =
        start(
            TestConfig.create()
                .timeouts(
                    new io.breakwater.dataplane.config.Timeouts(
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofMillis(300),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(1),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(5)))
                .backend("echo", server("a", a.port()))
                .backend("dead", server("gone", closedPort))
                .backend("empty")
                .route("dead.test", "/", PathType.PREFIX, "dead")
                .route("empty.test", "/", PathType.PREFIX, "empty")
                .route("echo.test", "/", PathType.PREFIX, "echo")
                .noDefaultBackend());
    int port = dp.port("http");
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Response r404 = c.get("/", "nowhere.test");
      assertThat(r404.status()).isEqualTo(404);
      assertThat(r404.text()).contains("no route");
      RawHttp.Response r502 = c.get("/", "dead.test");
      assertThat(r502.status()).isEqualTo(502);
      assertThat(r502.text()).contains("could not connect");
      RawHttp.Response r503 = c.get("/", "empty.test");
      assertThat(r503.status()).isEqualTo(503);
      RawHttp.Response r504 = c.get("/?delay=2s", "echo.test");
      assertThat(r504.status()).isEqualTo(504);
      assertThat(c.get("/", "echo.test").status()).isEqualTo(200);
    }
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Response r400 = c.send("GARBAGE\r\n\r\n").read();
      assertThat(r400.status()).isEqualTo(400);
      assertThat(c.closedByPeer()).isTrue();
    }
    var stats = dp.frontend("http").stats();
    assertThat(stats.errors(ProxyErrorKind.NO_ROUTE)).isEqualTo(1);
    assertThat(stats.errors(ProxyErrorKind.CONNECT_FAILED)).isEqualTo(1);
    assertThat(stats.errors(ProxyErrorKind.NO_SERVER)).isEqualTo(1);
    assertThat(stats.errors(ProxyErrorKind.SERVER_TIMEOUT)).isEqualTo(1);
    assertThat(stats.errors(ProxyErrorKind.BAD_REQUEST)).isEqualTo(1);
  }

  @Test
  void tunnelsAWebSocketByteForByte() throws Exception {
    Dataplane dp = start(TestConfig.create().backend("echo", server("a", a.port())));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response r =
          c.send(
                  "GET /chat HTTP/1.1\r\nHost: ws.test\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n")
              .readHead();
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      byte[] payload = new byte[100_000];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) i;
      }
      c.out().write(payload);
      c.out().flush();
      byte[] back = c.in().readNBytes(payload.length);
      assertThat(back).isEqualTo(payload);
    }
  }

  @Test
  @Timeout(120)
  void streamsAGibibyteUpAndDownWithBoundedMemory() throws Exception {
    Dataplane dp = start(TestConfig.create().backend("echo", server("a", a.port())));
    long size = 1L << 30;
    AtomicLong peak = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> samplePooledMemory(peak, sampling), "memory-sampler");
    sampler.start();
    try {
      try (RawHttp c = new RawHttp(dp.port("http"), 60_000)) {
        c.send("POST /upload HTTP/1.1\r\nHost: up.test\r\nContent-Length: " + size + "\r\n\r\n");
        byte[] block = new byte[64 * 1024];
        CRC32 crc = new CRC32();
        OutputStream out = c.out();
        for (long sent = 0; sent < size; sent += block.length) {
          block[0] = (byte) (sent >>> 16);
          crc.update(block);
          out.write(block);
        }
        out.flush();
        RawHttp.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"bodyBytes\":" + size);
        assertThat(r.text()).contains("\"bodyCrc32\":" + crc.getValue());

        c.send("GET /download?size=" + size + " HTTP/1.1\r\nHost: down.test\r\n\r\n");
        String head = readHead(c.in());
        assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
        byte[] sink = new byte[64 * 1024];
        long got = 0;
        while (got < size) {
          int n = c.in().read(sink, 0, (int) Math.min(sink.length, size - got));
          assertThat(n).isPositive();
          got += n;
        }
        assertThat(got).isEqualTo(size);
      }
    } finally {
      sampling.set(false);
      sampler.join();
    }
    // Both bodies were 1 GiB; what the proxy (and the echo server in this JVM) held at once stayed
    // a small fraction of that.
    assertThat(peak.get()).isLessThan(64L << 20);
  }

  private static void samplePooledMemory(AtomicLong peak, AtomicBoolean sampling) {
    ByteBufAllocatorMetricProvider metrics =
        (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
    while (sampling.get()) {
      long used = metrics.metric().usedDirectMemory() + metrics.metric().usedHeapMemory();
      peak.accumulateAndGet(used, Math::max);
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int ch = in.read();
      assertThat(ch).isNotNegative();
      sb.append((char) ch);
    }
    return sb.toString();
  }

  @Test
  void passesChunkedBodiesAndTrailersBothWays() throws Exception {
    Dataplane dp = start(TestConfig.create().backend("echo", server("a", a.port())));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response r =
          c.send(
                  "POST /e?echo=body HTTP/1.1\r\nHost: e.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
              .read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
      RawHttp.Response chunked = c.get("/c?chunked=1", "e.test");
      assertThat(chunked.header("transfer-encoding")).isEqualToIgnoringCase("chunked");
      assertThat(chunked.text()).contains("\"server\":\"a\"");
    }
  }
}
