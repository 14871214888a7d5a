package io.breakwater.dataplane.health;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The first bytes of a response body, up to a limit, copied out of Netty's buffers so nothing
 * reference-counted is held between reads. The array grows with what arrives, so a short body never
 * costs the whole limit.
 */
final class BodyPrefix {
  private static final int INITIAL_CAPACITY = 1024;

  private final int limit;
  private byte[] bytes = new byte[0];
  private int length;
  private int searchedFrom;

  BodyPrefix(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    this.limit = limit;
  }

  /** Copies what still fits of {@code content}'s readable bytes, leaving its indexes unchanged. */
  void append(ByteBuf content) {
    int n = Math.min(content.readableBytes(), limit - length);
    if (n == 0) {
      return;
    }
    if (length + n > bytes.length) {
      int grown = Math.max(INITIAL_CAPACITY, Math.max(bytes.length * 2, length + n));
      bytes = Arrays.copyOf(bytes, Math.min(limit, grown));
    }
    content.getBytes(content.readerIndex(), bytes, length, n);
    length += n;
  }

  /** Whether the limit is reached: later bytes would not be kept. */
  boolean full() {
    return length == limit;
  }

  int length() {
    return length;
  }

  /** Bytes held now; never more than the limit. */
  int capacity() {
    return bytes.length;
  }

  /**
   * Whether the bytes kept so far contain {@code needle}. Called after each append, it only looks
   * at positions a match could start at that earlier calls could not see.
   */
  boolean contains(byte[] needle) {
    int last = length - needle.length;
    for (int i = searchedFrom; i <= last; i++) {
      if (matchesAt(needle, i)) {
        return true;
      }
    }
    searchedFrom = Math.max(searchedFrom, last + 1);
    return false;
  }

  private boolean matchesAt(byte[] needle, int at) {
    for (int j = 0; j < needle.length; j++) {
      if (bytes[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }
}
