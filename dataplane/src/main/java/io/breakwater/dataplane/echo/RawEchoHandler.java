package io.breakwater.dataplane.echo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a protocol switch: every byte read is written back unchanged, and the next read waits for
 * that write to complete, so a client that stops reading stops the echo instead of filling memory.
 */
final class RawEchoHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RawEchoHandler.class);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.writeAndFlush(msg)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ctx.read();
              } else {
                ctx.close();
              }
            });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.warn("raw echo on {} failed", ctx.channel(), cause);
    }
    ctx.close();
  }
}
