package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.echo.EchoFault;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawH2;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the HTTP/2 frontend serves streams without a channel each: interim responses, client resets,
 * the PROXY header's client on every stream, and flow control per stream (a paused upload holds up
 * neither the connection nor the other streams, and resumes).
 */
class Http2StreamsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Issued CERT = TestCertificates.ec("h2.example.com");

  private Dataplane dp;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
  }

  @Test
  void anInterimResponseFromAnHttp1BackendIsForwardedWithoutEndingTheStream() throws Exception {
    try (ScriptedBackend b = new ScriptedBackend()) {
      b.answerWith(
          "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
              + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      dp = Dataplane.start(TestConfig.create().backend("b", server("b", b.port())).http2().build());
      try (RawH2 c = RawH2.connect(dp.port("http"))) {
        c.headers(1, true, RawH2.requestHeaders("GET", "/", "t"));
        c.flush();
        RawH2.Frame hints = nextOn(c, 1);
        assertThat(hints.type()).isEqualTo(RawH2.HEADERS);
        assertThat(RawH2.status(hints)).isEqualTo(103);
        assertThat(hints.flags() & RawH2.END_STREAM).as("103 does not end the stream").isZero();
        RawH2.Frame head = nextOn(c, 1);
        assertThat(head.type()).isEqualTo(RawH2.HEADERS);
        assertThat(RawH2.status(head)).isEqualTo(200);
        RawH2.Frame body = nextOn(c, 1);
        assertThat(body.type()).isEqualTo(RawH2.DATA);
        assertThat(new String(body.payload(), StandardCharsets.US_ASCII)).isEqualTo("ok");
        assertThat(body.flags() & RawH2.END_STREAM).isEqualTo(RawH2.END_STREAM);
      }
    }
  }

  @Test
  void aStreamResetByTheClientIsCountedAsAnAbortAndItsBackendConnectionClosed() throws Exception {
    try (Silent b = new Silent()) {
      dp = Dataplane.start(TestConfig.create().backend("b", server("b", b.port())).http2().build());
      try (RawH2 c = RawH2.connect(dp.port("http"))) {
        c.headers(1, true, RawH2.requestHeaders("GET", "/", "t"));
        c.flush();
        assertThat(b.requests.await(10, TimeUnit.SECONDS))
            .as("request reached the backend")
            .isTrue();
        c.frame(RawH2.RST_STREAM, 0, 1, new byte[] {0, 0, 0, 0x8}); // CANCEL
        c.flush();
        assertThat(b.closed.await(10, TimeUnit.SECONDS))
            .as("the abandoned backend connection is closed, not pooled")
            .isTrue();
        FrontendState fs = dp.frontend("http");
        Await.until(() -> fs.stats().errors(ProxyErrorKind.CLIENT_ABORTED) == 1);
        // The connection goes on.
        c.frame(RawH2.PING, 0, 0, new byte[8]);
        c.flush();
        assertThat(c.awaitFrame(RawH2.PING).flags() & RawH2.ACK).isEqualTo(RawH2.ACK);
      }
    }
  }

  @Test
  void everyStreamGetsTheClientThePROXYHeaderNamed() throws Exception {
    EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    try {
      Config c = TestConfig.create().backend("b", server("echo", echo.port())).http2().build();
      dp = Dataplane.start(withProxyProtocol(c));
      byte[] proxyHeader =
          "PROXY TCP4 10.9.9.9 127.0.0.1 40000 80\r\n".getBytes(StandardCharsets.US_ASCII);
      try (RawH2 h2 = RawH2.connect(dp.port("http"), 0, proxyHeader)) {
        for (int stream = 1; stream <= 3; stream += 2) {
          h2.headers(stream, true, RawH2.requestHeaders("GET", "/", "t"));
          h2.flush();
          JsonNode echoed = JSON.readTree(bodyOf(h2, stream));
          assertThat(echoed.get("headers").get("x-forwarded-for").asText()).isEqualTo("10.9.9.9");
        }
      }
    } finally {
      echo.close();
    }
  }

  @Test
  void overTlsEveryStreamGetsTheClientThePROXYHeaderNamed() throws Exception {
    EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    try {
      Config c =
          TestConfig.create()
              .backend("b", server("echo", echo.port()))
              .tls(
                  new Tls(
                      List.of(new Tls.Certificate(null, CERT.certPem(), null, CERT.pkcs8Pem())),
                      Tls.PROTOCOLS,
                      List.of()))
              .http2()
              .build();
      dp = Dataplane.start(withProxyProtocol(c));
      byte[] proxyHeader =
          "PROXY TCP4 10.8.8.8 127.0.0.1 40000 443\r\n".getBytes(StandardCharsets.US_ASCII);
      try (RawH2 h2 = RawH2.connectTls(dp.port("http"), "h2.example.com", proxyHeader)) {
        for (int stream = 1; stream <= 3; stream += 2) {
          h2.headers(stream, true, RawH2.requestHeaders("GET", "/", "t"));
          h2.flush();
          JsonNode echoed = JSON.readTree(bodyOf(h2, stream));
          assertThat(echoed.get("headers").get("x-forwarded-for").asText()).isEqualTo("10.8.8.8");
        }
      }
    } finally {
      echo.close();
    }
  }

  private static Config withProxyProtocol(Config c) {
    Frontend f = c.frontends().get(0);
    Frontend withProxy =
        new Frontend(
            f.name(),
            f.listen(),
            f.defaultBackend(),
            f.routes(),
            f.timeouts(),
            true,
            f.trustedProxies(),
            f.requestId(),
            f.policy(),
            f.tls(),
            f.http2(),
            f.maxconnPerClient());
    return new Config(c.global(), c.defaults(), List.of(withProxy), c.backends());
  }

  /**
   * Stream 1 uploads to a backend that stops reading: the proxy stops granting that stream window
   * (the client gets stuck short of its body), while stream 3's upload to another backend goes
   * through on the same connection. When the backend reads again, stream 1 completes.
   */
  @Test
  void aPausedUploadWithholdsOnlyItsOwnWindowAndResumes() throws Exception {
    int total = 64 << 20;
    int other = 1 << 20;
    try (Stalling slow = new Stalling(true);
        Stalling fast = new Stalling(false)) {
      dp =
          Dataplane.start(
              TestConfig.create()
                  .backend("slow", server("s", slow.port()))
                  .backend("fast", server("f", fast.port()))
                  .route("s", "/", PathType.PREFIX, "slow")
                  .route("f", "/", PathType.PREFIX, "fast")
                  .http2()
                  .build());
      try (RawH2 c = RawH2.connect(dp.port("http"))) {
        Uploads u = new Uploads(c);
        c.headers(1, false, uploadHeaders("s", total));
        u.open(1, total);
        c.flush();
        c.readTimeout(1_000);
        u.sendWhileGranted(1);
        assertThat(u.remaining(1))
            .as("the proxy stopped granting window to the stalled upload")
            .isPositive();

        c.readTimeout(10_000);
        c.headers(3, false, uploadHeaders("f", other));
        u.open(3, other);
        while (u.remaining(3) > 0) {
          u.send(3);
          if (u.remaining(3) > 0) {
            u.await();
          }
        }
        assertThat(u.awaitAnswer(3)).isEqualTo(Integer.toString(other));

        slow.resume.countDown();
        while (u.remaining(1) > 0) {
          u.send(1);
          if (u.remaining(1) > 0) {
            u.await();
          }
        }
        assertThat(u.awaitAnswer(1)).isEqualTo(Integer.toString(total));
      }
    }
  }

  @Test
  void aConnectionWithoutStreamsForTheKeepAliveTimeoutGetsGoAwayAndIsClosed() throws Exception {
    EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    try {
      Timeouts t = TestConfig.timeoutsAll(Duration.ofSeconds(10));
      Timeouts idle =
          new Timeouts(
              t.connect(),
              t.client(),
              t.server(),
              t.httpRequest(),
              Duration.ofMillis(300),
              t.queue(),
              t.tunnel(),
              t.poolIdle());
      dp =
          Dataplane.start(
              TestConfig.create()
                  .timeouts(idle)
                  .backend("b", server("echo", echo.port()))
                  .http2()
                  .build());
      // An answer that takes longer than the keep-alive timeout: an open stream keeps the
      // connection, however long it takes.
      echo.fault(EchoFault.slow(Duration.ofMillis(900)));
      try (RawH2 c = RawH2.connect(dp.port("http"))) {
        c.headers(1, true, RawH2.requestHeaders("GET", "/", "t"));
        c.flush();
        assertThat(bodyOf(c, 1)).isNotEmpty();
        RawH2.Frame away = c.awaitFrame(RawH2.GOAWAY);
        assertThat(away.errorCode()).as("NO_ERROR").isZero();
        assertThat(c.closedByServer()).isTrue();
      }
    } finally {
      echo.close();
    }
  }

  @Test
  void aShutdownSendsGoAwayAndLetsTheOpenStreamFinish() throws Exception {
    try (Stalling slow = new Stalling(true)) {
      dp =
          Dataplane.start(
              TestConfig.create().backend("b", server("s", slow.port())).http2().build());
      try (RawH2 c = RawH2.connect(dp.port("http"))) {
        c.headers(1, true, RawH2.requestHeaders("GET", "/", "t"));
        c.flush();
        assertThat(slow.heads.await(10, TimeUnit.SECONDS)).as("request at the backend").isTrue();
        CompletableFuture<Boolean> stopped =
            CompletableFuture.supplyAsync(() -> dp.shutdown(Duration.ofSeconds(10)));
        RawH2.Frame away = c.awaitFrame(RawH2.GOAWAY);
        assertThat(away.errorCode()).as("NO_ERROR").isZero();
        assertThat(ByteBuffer.wrap(away.payload()).getInt() & 0x7fffffff)
            .as("last stream id: the open stream will be answered")
            .isEqualTo(1);
        slow.resume.countDown();
        assertThat(bodyOf(c, 1)).isEqualTo("0");
        assertThat(c.closedByServer()).isTrue();
        assertThat(stopped.get(10, TimeUnit.SECONDS)).as("every connection finished").isTrue();
      }
    }
  }

  private static byte[] uploadHeaders(String host, int length) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    RawH2.literal(b, ":method", "POST");
    RawH2.literal(b, ":scheme", "http");
    RawH2.literal(b, ":path", "/upload");
    RawH2.literal(b, ":authority", host);
    RawH2.literal(b, "content-length", Integer.toString(length));
    return b.toByteArray();
  }

  /** The next frame on {@code stream}, skipping the connection's own (SETTINGS, WINDOW_UPDATE). */
  private static RawH2.Frame nextOn(RawH2 c, int stream) throws IOException {
    for (RawH2.Frame f = c.read(); f != null; f = c.read()) {
      if (f.type() == RawH2.GOAWAY) {
        throw new AssertionError(
            "GOAWAY "
                + f.errorCode()
                + ": "
                + new String(f.payload(), 8, f.payload().length - 8, StandardCharsets.US_ASCII));
      }
      if (f.stream() == stream && f.type() != RawH2.WINDOW_UPDATE) {
        return f;
      }
    }
    throw new AssertionError("connection closed");
  }

  /** The body of the answer on {@code stream}, after a 200. */
  private static String bodyOf(RawH2 c, int stream) throws IOException {
    RawH2.Frame head = nextOn(c, stream);
    assertThat(RawH2.status(head)).isEqualTo(200);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    RawH2.Frame f = head;
    while ((f.flags() & RawH2.END_STREAM) == 0) {
      f = nextOn(c, stream);
      if (f.type() == RawH2.DATA) {
        body.writeBytes(f.payload());
      }
    }
    return body.toString(StandardCharsets.US_ASCII);
  }

  /** A client's side of flow control for uploads: credit per stream and for the connection. */
  private static final class Uploads {
    private static final int FRAME = 16 * 1024;
    private final RawH2 c;
    private final int[] credit = new int[8];
    private final int[] remaining = new int[8];
    private final String[] answers = new String[8];
    private final ByteArrayOutputStream[] bodies = new ByteArrayOutputStream[8];
    private long connectionCredit = 65_535;
    private final byte[] chunk = new byte[FRAME];

    Uploads(RawH2 c) {
      this.c = c;
    }

    void open(int stream, int length) {
      credit[stream] = 65_535;
      remaining[stream] = length;
    }

    int remaining(int stream) {
      return remaining[stream];
    }

    /** Sends DATA on {@code stream} as far as the credit goes. */
    void send(int stream) throws IOException {
      while (remaining[stream] > 0) {
        int n =
            (int)
                Math.min(
                    Math.min(FRAME, remaining[stream]), Math.min(credit[stream], connectionCredit));
        if (n <= 0) {
          break;
        }
        remaining[stream] -= n;
        credit[stream] -= n;
        connectionCredit -= n;
        int flags = remaining[stream] == 0 ? RawH2.END_STREAM : 0;
        c.frame(RawH2.DATA, flags, stream, n == FRAME ? chunk : new byte[n]);
      }
      c.flush();
    }

    /** Sends and reads until no more credit comes within the read timeout. */
    void sendWhileGranted(int stream) throws IOException {
      while (remaining[stream] > 0) {
        send(stream);
        try {
          await();
        } catch (SocketTimeoutException quiet) {
          return;
        }
      }
    }

    /** Reads one frame and takes what it says. */
    void await() throws IOException {
      RawH2.Frame f = c.read();
      if (f == null) {
        throw new AssertionError("connection closed");
      }
      switch (f.type()) {
        case RawH2.WINDOW_UPDATE -> {
          int inc = ByteBuffer.wrap(f.payload()).getInt() & 0x7fffffff;
          if (f.stream() == 0) {
            connectionCredit += inc;
          } else if (f.stream() < credit.length) {
            credit[f.stream()] += inc;
          }
        }
        case RawH2.HEADERS -> {
          assertThat(RawH2.status(f)).as("answer on stream " + f.stream()).isEqualTo(200);
          bodies[f.stream()] = new ByteArrayOutputStream();
        }
        case RawH2.DATA -> {
          bodies[f.stream()].writeBytes(f.payload());
          if ((f.flags() & RawH2.END_STREAM) != 0) {
            answers[f.stream()] = bodies[f.stream()].toString(StandardCharsets.US_ASCII);
          }
        }
        case RawH2.RST_STREAM, RawH2.GOAWAY ->
            throw new AssertionError("stream " + f.stream() + " ended: " + f.errorCode());
        default -> {}
      }
    }

    String awaitAnswer(int stream) throws IOException {
      while (answers[stream] == null) {
        await();
      }
      return answers[stream];
    }
  }

  /**
   * Answers each request with the length of its body, read in full; with {@code stall} it reads the
   * head and then nothing until {@link #resume} opens. Its receive buffer is small, so a stalled
   * upload backs up into the proxy soon.
   */
  private static final class Stalling implements AutoCloseable {
    final CountDownLatch resume = new CountDownLatch(1);
    final CountDownLatch heads = new CountDownLatch(1);
    private final ServerSocket socket;

    Stalling(boolean stall) throws IOException {
      socket = new ServerSocket();
      socket.setReceiveBufferSize(16 * 1024);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      if (!stall) {
        resume.countDown();
      }
      Thread t = new Thread(this::serve, "stalling-" + socket.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        String head = readHead(in);
        heads.countDown();
        int length = 0;
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (!resume.await(30, TimeUnit.SECONDS)) {
          return;
        }
        byte[] buf = new byte[64 * 1024];
        int read = 0;
        while (read < length) {
          int n = in.read(buf, 0, Math.min(buf.length, length - read));
          if (n < 0) {
            return;
          }
          read += n;
        }
        String body = Integer.toString(read);
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in.read(); // until the proxy closes or pools it
      } catch (IOException | InterruptedException e) {
        // closed
      }
    }

    private static String readHead(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      while (!b.toString().endsWith("\r\n\r\n")) {
        int ch = in.read();
        if (ch < 0) {
          throw new IOException("end of stream in the head");
        }
        b.append((char) ch);
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      resume.countDown();
      socket.close();
    }
  }

  /** Reads request heads and never answers; counts them down and notes when the proxy closes. */
  private static final class Silent implements AutoCloseable {
    final CountDownLatch requests = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;

    Silent() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "silent-" + socket.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serve(s), "silent-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        if (n > 0) {
          requests.countDown();
        }
        while (in.read(buf) >= 0) {
          // drain until the proxy closes
        }
        closed.countDown();
      } catch (IOException e) {
        closed.countDown(); // reset by the proxy
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
