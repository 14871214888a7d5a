package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.H2Client;
import io.breakwater.dataplane.testing.RawH2;
import io.breakwater.dataplane.testing.RawH2.Frame;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "MadeYouReset" (CVE-2025-8671, Netty's CVE-2025-55163): the client sends frames that are legal
 * enough to be read but are stream errors, so that the <em>proxy</em> resets the streams — the
 * rapid-reset attack without the client ever sending RST_STREAM. Black box over an h2c socket with
 * raw frames: below the limit each provoked reset is answered and the connection goes on serving;
 * past it the connection is ended with GOAWAY {@code ENHANCE_YOUR_CALM}, and a fresh connection is
 * served. (HEADERS whose priority makes the stream depend on itself is not a vector: Netty treats
 * it as a connection error, GOAWAY {@code PROTOCOL_ERROR}.)
 *
 * <p>The limit is the one docs/hardening.md states (200 resets sent by the proxy per 30 s); the
 * test does not read it from the server's classes, so it stays valid whatever the frontend looks
 * like.
 */
class MadeYouResetIT {
  /** RST_STREAM frames the proxy may send per 30 s window (docs/hardening.md). */
  private static final int LIMIT = 200;

  /**
   * Provocations sent before waiting for their resets: under the 100 concurrent streams a client
   * may open, and a divisor of {@link #LIMIT}, so the batch after the limit is the one that is
   * refused.
   */
  private static final int BATCH = 40;

  private static final int PRIORITY = 0x2;
  private static final int STREAM_CLOSED = 0x5;

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

  /** The ways a client makes the proxy reset a stream; each is a stream error (RFC 9113 §5.4.2). */
  enum Provocation {
    /** WINDOW_UPDATE with increment 0 on an open stream (RFC 9113 §6.9). */
    ZERO_WINDOW_UPDATE(RawH2.PROTOCOL_ERROR) {
      @Override
      void send(RawH2 c, int id) throws IOException {
        c.frame(RawH2.HEADERS, RawH2.END_HEADERS, id, RawH2.requestHeaders("POST", "/", "t"));
        c.frame(RawH2.WINDOW_UPDATE, 0, id, new byte[4]);
      }
    },
    /** DATA on a stream the client already half-closed with END_STREAM (RFC 9113 §5.1). */
    DATA_AFTER_END_STREAM(STREAM_CLOSED) {
      @Override
      void send(RawH2 c, int id) throws IOException {
        c.headers(id, true, RawH2.requestHeaders("GET", "/", "t"));
        c.frame(RawH2.DATA, 0, id, new byte[] {'x'});
      }
    },
    /** PRIORITY making an idle stream depend on itself (RFC 9113 §5.3.1). */
    PRIORITY_ON_ITSELF(RawH2.PROTOCOL_ERROR) {
      @Override
      void send(RawH2 c, int id) throws IOException {
        c.frame(PRIORITY, 0, id, ByteBuffer.allocate(5).putInt(id).put((byte) 15).array());
      }
    };

    /** The error code of the reset the proxy answers with. */
    final int errorCode;

    Provocation(int errorCode) {
      this.errorCode = errorCode;
    }

    abstract void send(RawH2 c, int id) throws IOException;
  }

  @Test
  void aFewProvokedResetsAreAnsweredAndTheConnectionServesOn() throws Exception {
    int each = 5;
    try (RawH2 c = RawH2.connect(port)) {
      Map<Integer, Provocation> provoked = new HashMap<>();
      int id = 1;
      for (Provocation p : Provocation.values()) {
        for (int i = 0; i < each; i++, id += 2) {
          p.send(c, id);
          provoked.put(id, p);
        }
      }
      c.flush();
      Map<Integer, Integer> resets = new HashMap<>(); // stream → the error code of its first reset
      while (resets.size() < provoked.size()) {
        Frame f = c.read();
        assertThat(f).as("the connection stays open below the limit").isNotNull();
        assertThat(f.type()).as("no GOAWAY below the limit").isNotEqualTo(RawH2.GOAWAY);
        if (f.type() == RawH2.RST_STREAM) {
          resets.putIfAbsent(f.stream(), f.errorCode());
        }
      }
      assertThat(resets.keySet()).isEqualTo(provoked.keySet());
      // Each stream is reset with the error code of the frame's stream error (RFC 9113 §5.4.2).
      provoked.forEach(
          (stream, p) ->
              assertThat(resets.get(stream))
                  .as("the reset of stream %d (%s)", stream, p)
                  .isEqualTo(p.errorCode));

      // The same connection serves the next request.
      c.headers(id, true, RawH2.requestHeaders("GET", "/", "t"));
      c.flush();
      assertThat(RawH2.status(awaitHeaders(c, id))).isEqualTo(200);
    }
    assertServed();
  }

  /**
   * Each kind of provocation on a connection of its own, in batches the client waits to see
   * answered (as an attacker keeping under the concurrent-stream limit would): the proxy resets
   * {@link #LIMIT} streams (Netty counts before it checks, so the one that crosses the limit may be
   * reset too), then sends GOAWAY {@code ENHANCE_YOUR_CALM} and closes. A fresh connection is
   * served after each.
   *
   * <p>On streams the proxy already serves (WINDOW_UPDATE 0, DATA after END_STREAM) the frontend
   * before {@code Http2Frontend} answered with RST_STREAM {@code CANCEL} from the stream's child
   * channel, which Netty's limit does not count: those resets went on without bound.
   */
  @Test
  void resetsProvokedPastTheLimitEndTheConnectionWithGoAway() throws Exception {
    for (Provocation p : Provocation.values()) {
      Outcome o = provokeUntilClosed(p);
      assertThat(o.closed).as("closed after %s past the limit", p).isTrue();
      assertThat(o.resets).as("streams reset for %s", p).isBetween(LIMIT, LIMIT + 1);
      assertThat(o.goAway).as("a GOAWAY before the close for %s", p).isNotNull();
      assertThat(o.goAway.errorCode()).as("GOAWAY for %s", p).isEqualTo(RawH2.ENHANCE_YOUR_CALM);
      assertServed();
    }
  }

  @Test
  void resetsJustBelowTheLimitKeepTheConnection() throws Exception {
    int provocations = LIMIT - 10;
    try (RawH2 c = RawH2.connect(port)) {
      int next = provoke(c, Provocation.PRIORITY_ON_ITSELF, 1, provocations);
      int resets = 0;
      while (resets < provocations) {
        Frame f = c.read();
        assertThat(f).as("the connection stays open below the limit").isNotNull();
        assertThat(f.type()).as("no GOAWAY below the limit").isNotEqualTo(RawH2.GOAWAY);
        if (f.type() == RawH2.RST_STREAM) {
          assertThat(f.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
          resets++;
        }
      }
      c.headers(next, true, RawH2.requestHeaders("GET", "/", "t"));
      c.flush();
      assertThat(RawH2.status(awaitHeaders(c, next))).isEqualTo(200);
    }
  }

  private record Outcome(int resets, boolean closed, Frame goAway) {}

  /**
   * Provokes resets in batches of {@link #BATCH}, reading each batch's resets before sending the
   * next, until the proxy closes the connection (or far past the limit, which fails the test).
   */
  private Outcome provokeUntilClosed(Provocation p) throws IOException {
    Set<Integer> reset = new HashSet<>();
    Frame goAway = null;
    try (RawH2 c = RawH2.connect(port)) {
      int id = 1;
      for (int batch = 0; batch < 2 * LIMIT / BATCH; batch++) {
        id = provoke(c, p, id, BATCH);
        int answered = 0;
        try {
          while (answered < BATCH) {
            Frame f = c.read();
            if (f == null) {
              return new Outcome(reset.size(), true, goAway);
            }
            if (f.type() == RawH2.RST_STREAM && reset.add(f.stream())) {
              answered++;
            } else if (f.type() == RawH2.GOAWAY) {
              goAway = f;
            }
          }
        } catch (SocketException e) {
          return new Outcome(reset.size(), true, goAway); // reset: closed, our frames unread
        }
      }
      return new Outcome(reset.size(), false, goAway);
    }
  }

  /**
   * Sends {@code count} provocations on new odd stream ids from {@code first}; returns the next
   * free id.
   */
  private static int provoke(RawH2 c, Provocation p, int first, int count) {
    int id = first;
    try {
      for (int i = 0; i < count; i++, id += 2) {
        p.send(c, id);
      }
      c.flush();
    } catch (IOException e) {
      // closed by the server while writing
    }
    return id;
  }

  /** The first HEADERS frame on {@code stream}. */
  private static Frame awaitHeaders(RawH2 c, int stream) throws IOException {
    for (Frame f = c.read(); f != null; f = c.read()) {
      if (f.type() == RawH2.HEADERS && f.stream() == stream) {
        return f;
      }
    }
    throw new AssertionError("connection closed before the answer on stream " + stream);
  }

  private void assertServed() throws Exception {
    try (H2Client h2 = H2Client.cleartext(port)) {
      assertThat(h2.get("/", "t").status()).isEqualTo(200);
    }
  }
}
