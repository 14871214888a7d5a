package io.breakwater.dataplane.stats;

/**
 * The bytes of a rejected message that {@code show errors} prints, as HAProxy's capture does: what
 * the decoder held when it gave up, from the first byte of the message when that is still in
 * memory.
 *
 * @param bytes a copy of the bytes kept (at most {@value #MAX_KEPT})
 * @param start the offset of {@code bytes[0]} in the message (0 when the message's first byte is
 *     kept; larger when the head arrived in several reads and the earlier ones are gone, or when
 *     only a window around the error is kept)
 * @param length how many bytes of the message had arrived (from its first byte)
 * @param errorAt the offset in the message of the first byte found invalid, or -1 when the bytes
 *     are well-formed and a rule about their meaning refused them
 */
public record CapturedBytes(byte[] bytes, long start, long length, long errorAt) {

  /** The most bytes a capture keeps. */
  public static final int MAX_KEPT = 4096;

  public CapturedBytes {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
