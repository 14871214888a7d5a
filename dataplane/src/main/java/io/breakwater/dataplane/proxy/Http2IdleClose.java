package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Closes an HTTP/2 client connection gracefully (GOAWAY, see {@code Http2ConnectionHandler#close})
 * once no stream is open and nothing was read, flushed or left unsent for {@code httpKeepAlive}.
 *
 * <p>Netty's {@code IdleStateHandler} would do this, but to see writes complete it gives every
 * write its own promise and listener: on HTTP/2 that is every frame. Here a read batch and a flush
 * each store a time stamp, and one task per keep-alive period checks it; bytes still queued for a
 * slow reader count as activity, as a write not yet complete does for {@code IdleStateHandler}.
 */
final class Http2IdleClose extends ChannelDuplexHandler implements Runnable {
  private final long idleNanos;
  private final IntSupplier openStreams;
  private ChannelHandlerContext ctx;
  private Ticker ticker;
  private long lastActivity;
  private ScheduledFuture<?> check;

  /**
   * @param idleNanos how long a connection without streams may stay quiet
   * @param openStreams the streams open on the connection now (the codec counts them)
   */
  Http2IdleClose(long idleNanos, IntSupplier openStreams) {
    this.idleNanos = idleNanos;
    this.openStreams = openStreams;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.ticker = ctx.executor().ticker();
    lastActivity = ticker.nanoTime();
    if (ctx.channel().isActive()) {
      schedule(idleNanos);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (check == null) {
      schedule(idleNanos);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    lastActivity = ticker.nanoTime();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    lastActivity = ticker.nanoTime();
    ctx.flush();
  }

  /** The periodic check, on the connection's event loop. */
  @Override
  public void run() {
    check = null;
    if (!ctx.channel().isOpen()) {
      return;
    }
    long quiet = ticker.nanoTime() - lastActivity;
    if (quiet < idleNanos) {
      schedule(idleNanos - quiet);
    } else if (openStreams.getAsInt() == 0 && !unsentBytes()) {
      ctx.channel().close();
    } else {
      schedule(idleNanos); // open streams (or a slow reader) that went quiet: look again later
    }
  }

  private boolean unsentBytes() {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    return out != null && out.totalPendingWriteBytes() > 0;
  }

  private void schedule(long delayNanos) {
    check = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }
}
