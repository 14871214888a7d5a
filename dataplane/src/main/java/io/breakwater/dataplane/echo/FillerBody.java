package io.breakwater.dataplane.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Streams a response body of any length (1 GiB is fine) without holding it: chunks are slices of
 * one shared, never-released buffer, written while the channel is writable; when it is not, the
 * next chunk waits for the last write to complete. Byte {@code i} of the body is {@code
 * PATTERN.charAt(i % 64)}, so a reader can check any range it received.
 */
final class FillerBody implements ChannelFutureListener {

  /** The 64 characters the filler repeats: the base64url alphabet. */
  static final String PATTERN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** Bytes per write; a multiple of the pattern's length so every chunk starts in phase. */
  static final int CHUNK_SIZE = 16 * 1024;

  private static final ByteBuf CHUNK = filledChunk();

  private final ChannelHandlerContext ctx;
  private final ChannelPromise done;
  private long remaining;

  private FillerBody(ChannelHandlerContext ctx, long size) {
    this.ctx = ctx;
    this.done = ctx.newPromise();
    this.remaining = size;
  }

  /**
   * Writes {@code size} filler bytes and the last content after a response head already written.
   *
   * @return completes when the last content is written, or fails with the first failed write
   */
  static ChannelFuture stream(ChannelHandlerContext ctx, long size) {
    FillerBody body = new FillerBody(ctx, size);
    body.pump();
    return body.done;
  }

  private void pump() {
    ChannelFuture last;
    do {
      if (remaining == 0) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, done);
        return;
      }
      int n = (int) Math.min(CHUNK_SIZE, remaining);
      remaining -= n;
      last = ctx.write(new DefaultHttpContent(CHUNK.slice(0, n)));
    } while (ctx.channel().isWritable());
    ctx.flush();
    last.addListener(this);
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    if (future.isSuccess()) {
      pump();
    } else {
      done.tryFailure(future.cause());
    }
  }

  private static ByteBuf filledChunk() {
    byte[] pattern = PATTERN.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK_SIZE);
    while (direct.hasRemaining()) {
      direct.put(pattern);
    }
    direct.flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }
}
