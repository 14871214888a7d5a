package io.breakwater.dataplane.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * REPRODUCER of an open bug in the HTTP/2 frontend, found by {@link Http2FrameFuzzTest} and
 * disabled so that the build stays green: a request HEADERS frame with END_STREAM and without
 * {@code :path} leaks a buffer. Netty's {@code HttpConversionUtil.toFullHttpRequest(…,
 * ByteBufAllocator, …)}, called by {@code Http2StreamFrameToHttpObjectCodec} in each stream's
 * pipeline, allocates the content buffer, then throws on the missing field without releasing it.
 * Enabled, this class fails in the leak check that runs after it (paranoid leak detection). The fix
 * belongs in the HTTP/2 frontend: refuse a request head without {@code :method}, {@code :path}
 * (non-CONNECT) or with an invalid method before converting it, or convert without that allocating
 * overload.
 */
class Http2RequestConversionLeakTest {
  @Disabled("open bug: the HTTP/2 frontend leaks a buffer per request HEADERS without :path")
  @Test
  void aRequestWithoutPathDoesNotLeak() {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    literal(block, ":method", "GET");
    literal(block, ":authority", "example.com");
    byte[] b = block.toByteArray();
    byte[] frame =
        ByteBuffer.allocate(9 + b.length)
            .put((byte) 0)
            .putShort((short) b.length)
            .put((byte) 1) // HEADERS
            .put((byte) 0x5) // END_STREAM | END_HEADERS
            .putInt(3) // on stream 1 Netty ends the connection instead (PROTOCOL_ERROR)
            .put(b)
            .array();
    for (int i = 0; i < 10; i++) {
      Http2FrameFuzzTest.run(frame);
    }
  }

  private static void literal(ByteArrayOutputStream b, String name, String value) {
    b.write(0);
    b.write(name.length());
    b.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.write(value.length());
    b.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
