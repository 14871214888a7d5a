package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Arbitrary HTTP/2 frames from a client, after the preface and an empty SETTINGS frame, into a
 * cleartext frontend with {@code http2: true} as the engine builds it (embedded channels): the
 * prior-knowledge selector ({@link ProtocolSelectors.PriorKnowledge}) sees the preface and installs
 * the HTTP/2 server side, whatever that is, so the target stays valid when the frontend changes.
 *
 * <p>Whatever the bytes are: no exception reaches the end of the pipeline ({@link EmbeddedChannel}
 * rethrows it); no buffer leaks (paranoid leak detection, checked after the class by the leak
 * extension); what the proxy writes is a sequence of whole HTTP/2 frames that starts with its
 * SETTINGS; a GOAWAY with an error code means the connection is closed; and every request that
 * reaches a backend was translated to a clean HTTP/1.1 head (the same check as {@link
 * RequestPathFuzzTest}: no CR, LF or other control characters smuggled through HTTP/2 field
 * values).
 */
class Http2FrameFuzzTest {
  private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  private static final byte[] SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
  private static final int GOAWAY = 7;

  @FuzzTest(maxDuration = "10s")
  void anyFramesAfterThePrefaceGetFramesOrACloseAndNothingEscapes(byte[] frames) {
    run(frames);
  }

  /** One input: the preface, an empty SETTINGS, then {@code frames}; the checks above. */
  static void run(byte[] frames) {
    EmbeddedProxy proxy = new EmbeddedProxy();
    EmbeddedChannel client = proxy.h2cClient();
    Set<EmbeddedChannel> answered = new HashSet<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
      client.writeInbound(Unpooled.wrappedBuffer(preface, Unpooled.wrappedBuffer(SETTINGS)));
      if (client.isOpen()) {
        client.writeInbound(Unpooled.wrappedBuffer(frames));
      }
      // Two rounds: requests reach backends and are answered, the answers go back as frames.
      for (int round = 0; round < 2; round++) {
        client.runPendingTasks();
        for (EmbeddedChannel up : proxy.upstreamChannels) {
          String forwarded = EmbeddedProxy.drainText(up);
          if (!forwarded.isEmpty() && up.isActive() && answered.add(up)) {
            RequestPathFuzzTest.assertCleanHead(forwarded);
            up.writeInbound(EmbeddedProxy.bytes(ANSWER));
            // An embedded channel runs its pending tasks inside a write, which an event loop never
            // does: a flush still pending from this answer would run in the middle of the next
            // answer's frame (between a frame's head and its payload). Run it now.
            client.runPendingTasks();
          }
        }
        client.runPendingTasks();
        drain(client, out);
      }
      client.checkException();
      assertFrames(out.toByteArray(), client.isOpen());
    } finally {
      proxy.finish(client);
    }
  }

  /**
   * Whole frames only, the first the server's SETTINGS; after a GOAWAY carrying an error code the
   * connection is closed.
   */
  private static void assertFrames(byte[] b, boolean open) {
    assertThat(b.length).as("the server's preface: a SETTINGS frame").isGreaterThanOrEqualTo(9);
    assertThat(b[3]).as("the first frame is SETTINGS").isEqualTo((byte) 4);
    int at = 0;
    while (at < b.length) {
      assertThat(b.length - at).as("a whole frame head at %d", at).isGreaterThanOrEqualTo(9);
      int length = (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | b[at + 2] & 0xff;
      int type = b[at + 3] & 0xff;
      assertThat(b.length - at - 9).as("a whole frame at %d", at).isGreaterThanOrEqualTo(length);
      if (type == GOAWAY && length >= 8) {
        int p = at + 9 + 4;
        int code =
            (b[p] & 0xff) << 24
                | (b[p + 1] & 0xff) << 16
                | (b[p + 2] & 0xff) << 8
                | b[p + 3] & 0xff;
        if (code != 0) {
          assertThat(open).as("open after GOAWAY with error code %d", code).isFalse();
        }
      }
      at += 9 + length;
    }
  }

  private static void drain(EmbeddedChannel ch, ByteArrayOutputStream out) {
    Object o;
    while ((o = ch.readOutbound()) != null) {
      if (o instanceof ByteBuf b) {
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        out.writeBytes(bytes);
      }
      ReferenceCountUtil.release(o);
    }
  }
}
