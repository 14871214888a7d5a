package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.stats.CapturedBytes;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * What an HTTP/1.1 decoder keeps so that {@code show errors} can print the bytes of a message it
 * refused and the offset of the error, as HAProxy does. On the hot path it only remembers where
 * each decode call started and how much of the current message earlier calls consumed (two field
 * writes); the bytes are copied on the error path alone, from the decoder's buffer, where they
 * still are until the call returns.
 */
final class MessageBytes {

  /** The most bytes scanned for the error: beyond any sane header limit. */
  private static final int SCAN_LIMIT = 64 * 1024;

  private final boolean request;

  /** Bytes of the current message consumed by earlier decode calls (gone from the buffer). */
  private long consumed;

  private int entry;
  private CapturedBytes last;

  MessageBytes(boolean request) {
    this.request = request;
  }

  /** At the start of a decode call. */
  void enter(ByteBuf in) {
    entry = in.readerIndex();
  }

  /** At the end of a decode call; {@code ended} when it finished a message. */
  void leave(ByteBuf in, boolean ended) {
    consumed = ended ? 0 : consumed + (in.readerIndex() - entry);
  }

  /**
   * Copies what this decode call had to read, from where it started to the end of the buffer.
   *
   * @param why the decoder's verdict, whose message may name the field at fault
   * @param inHead whether the error is in the message's head (then its offset is located) or its
   *     body
   */
  void capture(ByteBuf in, Throwable why, boolean inHead) {
    String reason = why == null ? null : why.getMessage();
    int length = in.writerIndex() - entry;
    byte[] all = new byte[Math.max(0, Math.min(length, SCAN_LIMIT))];
    in.getBytes(entry, all);
    int at =
        inHead ? HeadScanner.locate(all, consumed == 0, request, reason) : HeadScanner.NOT_FOUND;
    int from = 0;
    if (at > CapturedBytes.MAX_KEPT * 3 / 4) {
      from = at - CapturedBytes.MAX_KEPT / 2;
    }
    byte[] kept =
        Arrays.copyOfRange(all, from, Math.min(all.length, from + CapturedBytes.MAX_KEPT));
    last = new CapturedBytes(kept, consumed + from, consumed + length, at < 0 ? -1 : consumed + at);
  }

  /** The last capture, once. */
  CapturedBytes take() {
    CapturedBytes c = last;
    last = null;
    return c;
  }
}
