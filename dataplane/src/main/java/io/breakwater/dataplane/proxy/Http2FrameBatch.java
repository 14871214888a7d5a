package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;

/**
 * The frame writer of an HTTP/2 client connection. The frames of a response — HEADERS, and DATA up
 * to {@link #COPY_LIMIT} bytes — are written one after another into one buffer, which goes down the
 * pipeline (to TLS) as one message when the connection flushes ({@link #emit}): one buffer and one
 * promise for a batch of responses, where Netty's writer allocates a frame-header buffer, a
 * header-block buffer and a promise aggregator per frame and TLS copies the pieces together again.
 *
 * <p>Every other frame (SETTINGS, PING, RST_STREAM, GOAWAY, WINDOW_UPDATE, PRIORITY, padded or
 * large DATA, HEADERS with priority) first sends the batch, then goes out through Netty's writer,
 * so frames leave in the order they were written. A frame's promise completes when the batch that
 * holds it has been written, as it would when the frame itself had.
 */
final class Http2FrameBatch extends DefaultHttp2FrameWriter {
  /** DATA payloads up to this size are copied into the batch; larger ones go out as they are. */
  static final int COPY_LIMIT = 2048;

  private static final int FRAME_HEADER_LENGTH = 9;
  private static final byte DATA = 0x0;
  private static final byte HEADERS = 0x1;
  private static final byte CONTINUATION = 0x9;
  private static final int INITIAL_CAPACITY = 1024;

  private final Http2HeadersEncoder hpack;

  /** Asks the connection for a flush after the current batch of event-loop work. */
  private Runnable flushRequest = () -> {};

  private ChannelHandlerContext ctx;

  /** Frames written since the last {@link #emit}; null when there are none. */
  private ByteBuf batch;

  /** The promises of the frames in {@link #batch}. */
  private ArrayList<ChannelPromise> promises = new ArrayList<>(8);

  /**
   * @param hpack the connection's HPACK encoder, shared with Netty's writer for other frames
   */
  Http2FrameBatch(Http2HeadersEncoder hpack) {
    super(hpack);
    this.hpack = hpack;
  }

  /**
   * What runs when a batch starts (the connection's flush request), so a batch never waits for a
   * flush nobody asked for.
   */
  void onBatchStart(Runnable flushRequest) {
    this.flushRequest = flushRequest;
  }

  /** Sends the batch down the pipeline (not flushed); nothing when it is empty. */
  void emit() {
    ByteBuf b = batch;
    if (b == null) {
      return;
    }
    batch = null;
    ArrayList<ChannelPromise> ps = promises;
    switch (ps.size()) {
      case 0 -> ctx.write(b, ctx.voidPromise());
      case 1 -> {
        ctx.write(b, ps.get(0));
        ps.clear();
      }
      default -> {
        promises = new ArrayList<>(Math.max(8, ps.size()));
        ctx.write(b).addListener(new Completion(ps));
      }
    }
  }

  private ByteBuf batch(ChannelHandlerContext ctx, int room) {
    ByteBuf b = batch;
    if (b == null) {
      this.ctx = ctx;
      b = ctx.alloc().buffer(Math.max(INITIAL_CAPACITY, room));
      batch = b;
      flushRequest.run();
    } else {
      b.ensureWritable(room);
    }
    return b;
  }

  private void add(ChannelPromise promise) {
    if (!promise.isVoid()) {
      promises.add(promise);
    }
  }

  @Override
  public ChannelFuture writeHeaders(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int padding,
      boolean endStream,
      ChannelPromise promise) {
    if (padding != 0 || streamId <= 0) {
      emit();
      return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
    }
    ByteBuf b = batch(ctx, FRAME_HEADER_LENGTH + 64);
    int start = b.writerIndex();
    b.writerIndex(start + FRAME_HEADER_LENGTH);
    try {
      hpack.encodeHeaders(streamId, headers, b);
    } catch (Http2Exception e) {
      b.writerIndex(start);
      return promise.setFailure(e);
    } catch (RuntimeException | Error e) {
      b.writerIndex(start);
      promise.setFailure(e);
      throw e;
    }
    int length = b.writerIndex() - start - FRAME_HEADER_LENGTH;
    int max = maxFrameSize();
    if (length <= max) {
      int flags = Http2Flags.END_HEADERS | (endStream ? Http2Flags.END_STREAM : 0);
      setFrameHeader(b, start, length, HEADERS, flags, streamId);
    } else {
      splitHeaderBlock(b, start, length, max, streamId, endStream);
    }
    add(promise);
    return promise;
  }

  /**
   * A header block longer than a frame: HEADERS with its first part, then CONTINUATION frames, the
   * last with END_HEADERS (RFC 9113 §6.10).
   */
  private static void splitHeaderBlock(
      ByteBuf b, int start, int length, int max, int streamId, boolean endStream) {
    byte[] block = new byte[length];
    b.getBytes(start + FRAME_HEADER_LENGTH, block);
    b.writerIndex(start);
    int pieces = (length + max - 1) / max;
    b.ensureWritable(length + pieces * FRAME_HEADER_LENGTH);
    for (int offset = 0; offset < length; offset += max) {
      int n = Math.min(max, length - offset);
      boolean first = offset == 0;
      boolean last = offset + n == length;
      int flags = (last ? Http2Flags.END_HEADERS : 0);
      if (first && endStream) {
        flags |= Http2Flags.END_STREAM;
      }
      writeFrameHeader(b, n, first ? HEADERS : CONTINUATION, flags, streamId);
      b.writeBytes(block, offset, n);
    }
  }

  @Override
  public ChannelFuture writeData(
      ChannelHandlerContext ctx,
      int streamId,
      ByteBuf data,
      int padding,
      boolean endStream,
      ChannelPromise promise) {
    int n = data.readableBytes();
    if (padding != 0 || n > COPY_LIMIT || streamId <= 0) {
      emit();
      return super.writeData(ctx, streamId, data, padding, endStream, promise);
    }
    try {
      ByteBuf b = batch(ctx, FRAME_HEADER_LENGTH + n);
      writeFrameHeader(b, n, DATA, endStream ? Http2Flags.END_STREAM : 0, streamId);
      // Copied by the source (memory to memory), not by the batch (through an NIO view of it).
      data.getBytes(data.readerIndex(), b, b.writerIndex(), n);
      b.writerIndex(b.writerIndex() + n);
    } finally {
      data.release();
    }
    add(promise);
    return promise;
  }

  private static void setFrameHeader(
      ByteBuf b, int at, int length, byte type, int flags, int streamId) {
    b.setMedium(at, length);
    b.setByte(at + 3, type);
    b.setByte(at + 4, flags);
    b.setInt(at + 5, streamId);
  }

  private static void writeFrameHeader(ByteBuf b, int length, byte type, int flags, int streamId) {
    b.writeMedium(length);
    b.writeByte(type);
    b.writeByte(flags);
    b.writeInt(streamId);
  }

  // Every other frame: the batch first, so frames leave in the order they were written.

  @Override
  public ChannelFuture writeHeaders(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endStream,
      ChannelPromise promise) {
    emit();
    return super.writeHeaders(
        ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream, promise);
  }

  @Override
  public ChannelFuture writePriority(
      ChannelHandlerContext ctx,
      int streamId,
      int streamDependency,
      short weight,
      boolean exclusive,
      ChannelPromise promise) {
    emit();
    return super.writePriority(ctx, streamId, streamDependency, weight, exclusive, promise);
  }

  @Override
  public ChannelFuture writeRstStream(
      ChannelHandlerContext ctx, int streamId, long errorCode, ChannelPromise promise) {
    emit();
    return super.writeRstStream(ctx, streamId, errorCode, promise);
  }

  @Override
  public ChannelFuture writeSettings(
      ChannelHandlerContext ctx, Http2Settings settings, ChannelPromise promise) {
    emit();
    return super.writeSettings(ctx, settings, promise);
  }

  @Override
  public ChannelFuture writeSettingsAck(ChannelHandlerContext ctx, ChannelPromise promise) {
    emit();
    return super.writeSettingsAck(ctx, promise);
  }

  @Override
  public ChannelFuture writePing(
      ChannelHandlerContext ctx, boolean ack, long data, ChannelPromise promise) {
    emit();
    return super.writePing(ctx, ack, data, promise);
  }

  @Override
  public ChannelFuture writePushPromise(
      ChannelHandlerContext ctx,
      int streamId,
      int promisedStreamId,
      Http2Headers headers,
      int padding,
      ChannelPromise promise) {
    emit();
    return super.writePushPromise(ctx, streamId, promisedStreamId, headers, padding, promise);
  }

  @Override
  public ChannelFuture writeGoAway(
      ChannelHandlerContext ctx,
      int lastStreamId,
      long errorCode,
      ByteBuf debugData,
      ChannelPromise promise) {
    emit();
    return super.writeGoAway(ctx, lastStreamId, errorCode, debugData, promise);
  }

  @Override
  public ChannelFuture writeWindowUpdate(
      ChannelHandlerContext ctx, int streamId, int windowSizeIncrement, ChannelPromise promise) {
    emit();
    return super.writeWindowUpdate(ctx, streamId, windowSizeIncrement, promise);
  }

  @Override
  public ChannelFuture writeFrame(
      ChannelHandlerContext ctx,
      byte frameType,
      int streamId,
      Http2Flags flags,
      ByteBuf payload,
      ChannelPromise promise) {
    emit();
    return super.writeFrame(ctx, frameType, streamId, flags, payload, promise);
  }

  /** The connection is gone: frames not sent yet are dropped and their promises fail. */
  @Override
  public void close() {
    ByteBuf b = batch;
    batch = null;
    if (b != null) {
      b.release();
      ClosedChannelException closed = new ClosedChannelException();
      for (ChannelPromise p : promises) {
        p.tryFailure(closed);
      }
      promises.clear();
    }
    super.close();
  }

  /** Completes the promises of a batch's frames with the batch's write. */
  private static final class Completion implements ChannelFutureListener {
    private final ArrayList<ChannelPromise> promises;

    Completion(ArrayList<ChannelPromise> promises) {
      this.promises = promises;
    }

    @Override
    public void operationComplete(ChannelFuture f) {
      Throwable cause = f.cause();
      for (int i = 0; i < promises.size(); i++) {
        if (cause == null) {
          promises.get(i).trySuccess();
        } else {
          promises.get(i).tryFailure(cause);
        }
      }
    }
  }
}
