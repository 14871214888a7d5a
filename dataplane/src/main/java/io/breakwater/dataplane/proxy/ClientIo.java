package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * The client side of an exchange as {@link FrontendHandler} uses it: what it writes and flushes to
 * the client, whether the client keeps up, and pausing the client's reads. A connection's is its
 * handler context ({@link OfContext}); an HTTP/2 stream's is its {@link Http2StreamIo}, so the
 * exchange needs no channel per stream (docs/notes/h2-frontend-plan.md).
 */
interface ClientIo {
  /** Writes {@code msg} toward the client (an HTTP/1 message object, or raw bytes of a tunnel). */
  void write(Object msg);

  /** Writes {@code msg}; the future completes once it has left (for close-after-flush). */
  ChannelFuture writeLast(Object msg);

  void flush();

  /** Closes the client side: the connection, or (for a stream) resets the stream if still open. */
  void close();

  /** The client takes what is written (no back-log above the high watermark or flow window). */
  boolean isWritable();

  boolean isActive();

  boolean isAutoRead();

  /** Pauses ({@code false}) or resumes reading from the client. */
  void setAutoRead(boolean on);

  EventLoop eventLoop();

  ByteBufAllocator alloc();

  SocketAddress remoteAddress();

  /** A connection's client side: its handler context. */
  final class OfContext implements ClientIo {
    private final ChannelHandlerContext ctx;
    private final io.netty.channel.Channel ch;

    OfContext(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      this.ch = ctx.channel();
    }

    @Override
    public void write(Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public ChannelFuture writeLast(Object msg) {
      return ctx.write(msg);
    }

    @Override
    public void flush() {
      ctx.flush();
    }

    @Override
    public void close() {
      ctx.close();
    }

    @Override
    public boolean isWritable() {
      return ch.isWritable();
    }

    @Override
    public boolean isActive() {
      return ch.isActive();
    }

    @Override
    public boolean isAutoRead() {
      return ch.config().isAutoRead();
    }

    @Override
    public void setAutoRead(boolean on) {
      ch.config().setAutoRead(on);
    }

    @Override
    public EventLoop eventLoop() {
      return ch.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
      return ctx.alloc();
    }

    @Override
    public SocketAddress remoteAddress() {
      return ch.remoteAddress();
    }
  }
}
