package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.H2Client;
import io.breakwater.dataplane.testing.RawH2;
import io.breakwater.dataplane.testing.RawH2.Frame;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 floods sent as raw frames on an h2c connection: each is ended by one of the limits set in
 * {@link Http2Connection}, with a GOAWAY carrying the error code where the client still reads, and
 * the connection closed. Other clients keep being served while a flood is handled.
 */
class Http2FloodIT {
  /** More frames than any limit allows; a flood that is not stopped by then fails the test. */
  private static final int FLOOD_BOUND = 2_000_000;

  private EchoServer echo;
  private Dataplane dp;
  private int port;

  @BeforeEach
  void start() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    dp =
        Dataplane.start(
            TestConfig.create().backend("b", server("echo", echo.port())).http2().build());
    port = dp.port("http");
  }

  @AfterEach
  void stop() {
    dp.close();
    echo.close();
  }

  @Test
  void continuationFloodOfEmptyFramesIsEndedWithGoAway() throws Exception {
    try (RawH2 c = RawH2.connect(port)) {
      c.frame(RawH2.HEADERS, 0, 1, RawH2.requestHeaders("GET", "/", "t")); // no END_HEADERS
      int sent = flood(c, RawH2.CONTINUATION, 0, 1, new byte[0]);
      assertThat(sent).isLessThan(FLOOD_BOUND);
      Frame goAway = c.awaitFrame(RawH2.GOAWAY);
      assertThat(goAway.errorCode()).isEqualTo(RawH2.ENHANCE_YOUR_CALM);
      assertThat(c.closedByServer()).isTrue();
    }
    assertServed();
  }

  @Test
  void continuationFloodOfLargeFramesIsEndedByTheHeaderListLimit() throws Exception {
    byte[] fragment = new byte[16 * 1024]; // the default SETTINGS_MAX_FRAME_SIZE
    try (RawH2 c = RawH2.connect(port)) {
      c.frame(RawH2.HEADERS, 0, 1, RawH2.requestHeaders("GET", "/", "t"));
      int sent = flood(c, RawH2.CONTINUATION, 0, 1, fragment);
      // The block is refused once it passes the limit (plus Netty's 25 % grace), long before the
      // bound: a few frames, never a growing buffer.
      assertThat(sent).isLessThan(FLOOD_BOUND);
      Frame goAway = c.awaitFrame(RawH2.GOAWAY);
      assertThat(goAway.errorCode()).isIn(RawH2.PROTOCOL_ERROR, RawH2.ENHANCE_YOUR_CALM);
      assertThat(c.closedByServer()).isTrue();
    }
    assertServed();
  }

  @Test
  void aHeaderListOverTheLimitIsAnswered431AndTheConnectionStaysUp() throws Exception {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.writeBytes(RawH2.requestHeaders("GET", "/", "t"));
    RawH2.literal(block, "x-big", "a".repeat(Http2Connection.MAX_HEADER_LIST_SIZE + 100));
    try (RawH2 c = RawH2.connect(port)) {
      c.headers(1, true, block.toByteArray());
      c.flush();
      Frame answer = c.awaitFrame(RawH2.HEADERS);
      assertThat(answer.stream()).isEqualTo(1);
      assertThat(RawH2.status(answer)).isEqualTo(431);
      // The same connection serves the next stream.
      c.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS | RawH2.END_STREAM,
          3,
          RawH2.requestHeaders("GET", "/", "t"));
      c.flush();
      Frame next = c.awaitFrame(RawH2.HEADERS);
      assertThat(next.stream()).isEqualTo(3);
      assertThat(RawH2.status(next)).isEqualTo(200);
    }
  }

  @Test
  void streamsOverTheConcurrencyLimitAreRefused() throws Exception {
    try (RawH2 c = RawH2.connect(port)) {
      int streams = Http2Connection.MAX_CONCURRENT_STREAMS + 1;
      for (int i = 0; i < streams; i++) {
        // POST heads without END_STREAM: each stream stays open, waiting for its body.
        c.frame(
            RawH2.HEADERS, RawH2.END_HEADERS, 1 + 2 * i, RawH2.requestHeaders("POST", "/", "t"));
      }
      c.flush();
      Frame refused = c.awaitFrame(RawH2.RST_STREAM);
      assertThat(refused.stream()).isEqualTo(1 + 2 * Http2Connection.MAX_CONCURRENT_STREAMS);
      assertThat(refused.errorCode()).isEqualTo(RawH2.REFUSED_STREAM);
    }
  }

  @Test
  void emptyDataFrameFloodIsEndedWithGoAway() throws Exception {
    try (RawH2 c = RawH2.connect(port)) {
      c.frame(RawH2.HEADERS, RawH2.END_HEADERS, 1, RawH2.requestHeaders("POST", "/", "t"));
      int sent = flood(c, RawH2.DATA, 0, 1, new byte[0]);
      assertThat(sent).isLessThan(FLOOD_BOUND);
      Frame goAway = c.awaitFrame(RawH2.GOAWAY);
      assertThat(goAway.errorCode()).isEqualTo(RawH2.ENHANCE_YOUR_CALM);
      assertThat(c.closedByServer()).isTrue();
    }
    assertServed();
  }

  /**
   * "MadeYouReset" (CVE-2025-55163): frames that are stream errors make the proxy send RST_STREAM.
   * Below {@link Http2Connection#MAX_RST_FRAMES} per window each gets its reset and the connection
   * goes on; past it the connection is closed. Netty closes at once, dropping the resets and the
   * GOAWAY not yet flushed, so the client sees the close and fewer resets than it provoked.
   */
  @Test
  void resetsTheClientProvokesAreLimited() throws Exception {
    // A provoked stream may be reset twice (PROTOCOL_ERROR, and CANCEL as its stream closes).
    int below = Http2Connection.MAX_RST_FRAMES / 4;
    try (RawH2 c = RawH2.connect(port)) {
      provokeResets(c, below);
      Set<Integer> reset = new HashSet<>();
      while (reset.size() < below) {
        Frame f = c.read();
        assertThat(f).as("the connection stays open below the limit").isNotNull();
        assertThat(f.type()).isNotEqualTo(RawH2.GOAWAY);
        if (f.type() == RawH2.RST_STREAM) {
          reset.add(f.stream());
        }
      }
      int next = 1 + 2 * below;
      c.headers(next, true, RawH2.requestHeaders("GET", "/", "t"));
      c.flush();
      assertThat(RawH2.status(c.awaitFrame(RawH2.HEADERS))).isEqualTo(200);
    }
    try (RawH2 c = RawH2.connect(port)) {
      int provoked = Http2Connection.MAX_RST_FRAMES * 2;
      provokeResets(c, provoked);
      int resets = 0;
      try { // a connection still open after the read timeout fails the test
        // (SocketTimeoutException)
        for (Frame f = c.read(); f != null; f = c.read()) {
          if (f.type() == RawH2.RST_STREAM) {
            resets++;
          }
        }
      } catch (SocketException e) {
        // reset: closed with some of our frames still unread
      }
      assertThat(resets).isLessThanOrEqualTo(Http2Connection.MAX_RST_FRAMES);
    }
    assertServed();
  }

  /** Opens streams and ends each with WINDOW_UPDATE 0, a stream error the proxy must reset. */
  private static void provokeResets(RawH2 c, int streams) {
    byte[] zeroIncrement = new byte[4];
    try {
      for (int i = 0; i < streams; i++) {
        int id = 1 + 2 * i;
        c.frame(RawH2.HEADERS, RawH2.END_HEADERS, id, RawH2.requestHeaders("POST", "/", "t"));
        c.frame(RawH2.WINDOW_UPDATE, 0, id, zeroIncrement);
      }
      c.flush();
    } catch (IOException e) {
      // closed by the server while writing
    }
  }

  @Test
  void settingsFloodFromAClientThatDoesNotReadIsClosed() throws Exception {
    controlFrameFloodIsClosedWhileOthersAreServed(RawH2.SETTINGS, 0, new byte[0]);
  }

  @Test
  void pingFloodFromAClientThatDoesNotReadIsClosed() throws Exception {
    controlFrameFloodIsClosedWhileOthersAreServed(RawH2.PING, 0, new byte[8]);
  }

  /**
   * Every SETTINGS or PING frame asks for an acknowledgement. A client that does not read lets them
   * pile up; past {@link Http2Connection#MAX_QUEUED_CONTROL_FRAMES} held ones the proxy closes the
   * connection. Its GOAWAY is queued behind the unread acknowledgements and discarded with them, so
   * what the client can observe is the close: its writes fail, its reads end.
   */
  private void controlFrameFloodIsClosedWhileOthersAreServed(int type, int flags, byte[] payload)
      throws Exception {
    try (RawH2 c = RawH2.connect(port, 4 * 1024)) {
      CountDownLatch flooding = new CountDownLatch(1);
      CompletableFuture<Integer> sent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return flood(c, type, flags, 0, payload, flooding);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(flooding.await(10, TimeUnit.SECONDS)).isTrue();
      assertServed(); // while the flood is being handled
      assertThat(sent.get(60, TimeUnit.SECONDS)).isLessThan(FLOOD_BOUND);
      assertThat(c.closedByServer()).isTrue();
    }
    assertServed();
  }

  private static int flood(RawH2 c, int type, int flags, int stream, byte[] payload)
      throws IOException {
    return flood(c, type, flags, stream, payload, new CountDownLatch(1));
  }

  /**
   * Writes up to {@link #FLOOD_BOUND} frames without reading; returns how many were written before
   * the server closed the connection (a write failed), or the bound.
   */
  private static int flood(
      RawH2 c, int type, int flags, int stream, byte[] payload, CountDownLatch started)
      throws IOException {
    int i = 0;
    try {
      for (; i < FLOOD_BOUND; i++) {
        c.frame(type, flags, stream, payload);
        if (i % 256 == 255) {
          c.flush();
          started.countDown();
        }
      }
      c.flush();
    } catch (IOException e) {
      // the server closed the connection: the flood was stopped
    }
    return i;
  }

  private void assertServed() throws Exception {
    try (H2Client h2 = H2Client.cleartext(port)) {
      assertThat(h2.get("/", "t").status()).isEqualTo(200);
    }
  }
}
