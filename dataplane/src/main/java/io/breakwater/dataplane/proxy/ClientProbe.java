package io.breakwater.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sits below the HTTP codec and sees raw bytes: it tells the frontend that bytes arrived (so the
 * {@code http-request} timeout can start at a request's first byte, and inactivity timers can
 * restart) and counts bytes in and out on the wire.
 */
final class ClientProbe extends ChannelDuplexHandler {
  private final FrontendHandler frontend;

  ClientProbe(FrontendHandler frontend) {
    this.frontend = frontend;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      frontend.onClientBytes(b.readableBytes());
    }
    // Everything this read sets off (TLS, HTTP/1.1 or HTTP/2, the exchanges) shares one time.
    LoopTime time = LoopTime.current();
    time.enter(ctx.executor().ticker());
    try {
      ctx.fireChannelRead(msg);
    } finally {
      time.exit();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      frontend.onClientBytesOut(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
