package io.breakwater.dataplane.echo;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Byte count and CRC32 of a request body, fed chunk by chunk so no body is ever held. CRC32 rather
 * than a cryptographic hash: it only has to show that an upload arrived intact, and it is cheap.
 */
final class BodyDigest {
  private final CRC32 crc = new CRC32();
  private long bytes;

  void reset() {
    crc.reset();
    bytes = 0;
  }

  /** Adds the readable bytes of {@code buf} without moving its reader index. */
  void update(ByteBuf buf) {
    int n = buf.readableBytes();
    if (n == 0) {
      return;
    }
    bytes += n;
    if (buf.nioBufferCount() == 1) {
      crc.update(buf.nioBuffer());
    } else {
      for (ByteBuffer part : buf.nioBuffers()) {
        crc.update(part);
      }
    }
  }

  long bytes() {
    return bytes;
  }

  long crc32() {
    return crc.getValue();
  }
}
