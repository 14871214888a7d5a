package io.breakwater.dataplane.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Above an HTTP/2 connection's frame codec: the streams' flushes become one, run as a task after
 * the event loop's current batch of I/O. Each stream flushes its answer when its backend's read
 * completes, so answers that complete in the same batch share one pass of the codec's flow
 * controller, one TLS record and one write instead of one each.
 *
 * <p>Netty's {@code FlushConsolidationHandler} does this too, but it also holds flushes while it
 * believes a read is in progress and lets them go at {@code channelReadComplete}; if that event
 * never reaches it after a read, answers wait until the client sends again. This handler does not
 * look at reads at all: a flush is at most one task away. The codec's own control frames (SETTINGS
 * and PING acknowledgements, GOAWAY) are flushed below it and never wait.
 */
final class Http2FlushBatcher extends ChannelDuplexHandler implements Runnable {
  private ChannelHandlerContext ctx;
  private boolean pending;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (!pending) {
      pending = true;
      ctx.executor().execute(this);
    }
  }

  /** The batch's one flush. */
  @Override
  public void run() {
    if (pending) {
      pending = false;
      ctx.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      run(); // what is held goes out now, so the socket can drain and writability return
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    run();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    run();
    ctx.disconnect(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    run();
  }
}
