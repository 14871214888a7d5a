package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;

/**
 * One HTTP/2 client stream as its exchange ({@link FrontendHandler}) sees its client: the HTTP/1
 * message objects it writes become HEADERS and DATA frames on the stream, its pause withholds the
 * stream's WINDOW_UPDATEs, and its close resets the stream. Created by {@link Http2Frontend} for
 * each request stream; there is no channel per stream.
 */
final class Http2StreamIo implements ClientIo, Runnable {
  private final Http2Frontend conn;
  private final ChannelHandlerContext ctx;
  final Http2Stream stream;
  final FrontendHandler exchange;

  /** The stream closed (both ends, a reset, the connection): writes are dropped from now on. */
  private boolean closed;

  /** The exchange paused reading: DATA it is given is not acknowledged until it resumes. */
  private boolean paused;

  /** Bytes of DATA (with padding) delivered while paused, acknowledged on resume. */
  private int unconsumed;

  /** Got frames in the connection's current read: its {@code readComplete} is due. */
  boolean touched;

  /** An HTTP/1 interim response's (empty) end is still to come and must not end the stream. */
  private boolean interimEnd;

  /** The last frame written; {@link #writeLast} hands it out so a close waits for it to leave. */
  private ChannelFuture last;

  Http2StreamIo(
      Http2Frontend conn, ChannelHandlerContext ctx, Http2Stream stream, FrontendHandler e) {
    this.conn = conn;
    this.ctx = ctx;
    this.stream = stream;
    this.exchange = e;
  }

  @Override
  public void write(Object msg) {
    send(msg);
  }

  @Override
  public ChannelFuture writeLast(Object msg) {
    send(msg);
    return last != null ? last : ctx.newSucceededFuture();
  }

  private void send(Object msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse res) {
      sendHead(res);
    } else if (msg instanceof HttpContent c) {
      sendContent(c);
    } else {
      // The empty buffer a connection writes before it closes; nothing to send on a stream.
      ReferenceCountUtil.release(msg);
    }
  }

  private void sendHead(HttpResponse res) {
    int code = res.status().code();
    boolean interim = code < 200;
    if (!(res instanceof FullHttpResponse full)) {
      interimEnd = interim;
      headers(res, false);
      return;
    }
    try {
      if (interim) {
        headers(res, false);
        return;
      }
      ByteBuf body = full.content();
      HttpHeaders trailers = full.trailingHeaders();
      boolean hasBody = body.isReadable();
      boolean hasTrailers = !trailers.isEmpty();
      headers(res, !hasBody && !hasTrailers);
      if (hasBody) {
        data(body.retain(), !hasTrailers);
      }
      if (hasTrailers) {
        trailers(trailers);
      }
    } finally {
      full.release();
    }
  }

  private void sendContent(HttpContent c) {
    if (!(c instanceof LastHttpContent last)) {
      data(c.content(), false);
      return;
    }
    if (interimEnd) {
      interimEnd = false; // the end of a 1xx from an HTTP/1.1 server: the stream goes on
      c.release();
      return;
    }
    HttpHeaders trailers = last.trailingHeaders();
    if (trailers.isEmpty()) {
      data(c.content(), true);
      return;
    }
    ByteBuf body = c.content();
    if (body.isReadable()) {
      data(body, false);
    } else {
      body.release();
    }
    trailers(trailers);
  }

  private void headers(HttpResponse res, boolean endStream) {
    ChannelPromise p = ctx.newPromise();
    conn.encoder().writeHeaders(ctx, stream.id(), Http2Messages.toHeaders(res), 0, endStream, p);
    last = p;
  }

  private void trailers(HttpHeaders trailers) {
    ChannelPromise p = ctx.newPromise();
    conn.encoder().writeHeaders(ctx, stream.id(), Http2Messages.toTrailers(trailers), 0, true, p);
    last = p;
  }

  private void data(ByteBuf data, boolean endStream) {
    ChannelPromise p = ctx.newPromise();
    conn.encoder().writeData(ctx, stream.id(), data, 0, endStream, p);
    last = p;
  }

  @Override
  public void flush() {
    conn.requestFlush();
  }

  /** Resets the stream (CANCEL) unless it is closed already. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      conn.resetStream(ctx, stream.id(), Http2Error.CANCEL.code(), ctx.newPromise());
      conn.requestFlush();
    }
  }

  @Override
  public boolean isWritable() {
    return !closed && conn.encoder().flowController().isWritable(stream);
  }

  @Override
  public boolean isActive() {
    return !closed;
  }

  @Override
  public boolean isAutoRead() {
    return !paused;
  }

  /** Pausing withholds this stream's flow-control credit only; other streams go on. */
  @Override
  public void setAutoRead(boolean on) {
    if (on == !paused) {
      return;
    }
    paused = !on;
    if (on && unconsumed > 0) {
      int n = unconsumed;
      unconsumed = 0;
      conn.consume(stream, n);
    }
  }

  /**
   * Bytes of a DATA frame the exchange was given: what the flow controller may acknowledge now (all
   * of them, or none while paused).
   */
  int processed(int n) {
    if (paused) {
      unconsumed += n;
      return 0;
    }
    return n;
  }

  @Override
  public EventLoop eventLoop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  /** The stream closed: no more frames for it. Its exchange hears of it from {@link #run}. */
  void markClosed() {
    closed = true;
  }

  /**
   * Tells the exchange its stream closed. Run as a task, not inside the close: a stream closes
   * while the exchange is still writing its last frame, and it must finish that first.
   */
  @Override
  public void run() {
    exchange.closed();
  }
}
