package io.breakwater.dataplane.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A request HEADERS frame with END_STREAM and without {@code :path}, ten times, through the h2c
 * frontend ({@link Http2FrameFuzzTest#run}): it must not leak (paranoid leak detection, checked
 * after the class). Found by {@link Http2FrameFuzzTest} in the frontend before {@code
 * Http2Frontend}: Netty's {@code HttpConversionUtil.toFullHttpRequest(…, ByteBufAllocator, …)},
 * called by the stream pipeline's {@code Http2StreamFrameToHttpObjectCodec}, allocated the body
 * buffer, then threw on the missing field without releasing it — one buffer per stream, without
 * bound.
 */
class Http2RequestConversionLeakTest {
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
            .putInt(3)
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
