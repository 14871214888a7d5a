package io.breakwater.dataplane.runtime;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Runtime API connection: runs each command line it receives and writes the answers. In the
 * default non-interactive mode it closes after the first line; in interactive mode ({@code prompt})
 * it stays open, printing {@code > } before each line in prompt mode, until {@code quit}, the end
 * of the client's input, or the idle timeout. Each answer, once written, asks {@link CliFramer} for
 * the next input. It runs on the Runtime API's command executor, never on the I/O thread, because
 * commands may block (a config apply binds sockets).
 */
final class CliSession extends SimpleChannelInboundHandler<CliInput> {
  private static final Logger log = LoggerFactory.getLogger(CliSession.class);

  static final String PROMPT = "> ";

  private final Commands commands;
  private final SessionState state;
  private ScheduledFuture<?> idle;
  private boolean closing;

  CliSession(Commands commands, SessionState state) {
    this.commands = commands;
    this.state = state;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    armIdle(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelIdle();
    ctx.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, CliInput in) {
    if (closing) {
      return;
    }
    cancelIdle();
    if (in == CliInput.END) {
      closeAfter(ctx, "");
      return;
    }
    if (in.error() != null) {
      closeAfter(ctx, in.error() + "\n");
      return;
    }
    if (in.line().isBlank() && in.payload() == null) {
      // An empty line ends a one-shot connection; interactively it just asks for a new prompt.
      if (!state.interactive()) {
        closeAfter(ctx, "");
      } else {
        reply(ctx, "");
      }
      return;
    }
    String out = commands.run(in.line(), in.payload(), state);
    if (state.quit || !state.interactive()) {
      closeAfter(ctx, out);
    } else {
      reply(ctx, out);
    }
  }

  /** Answers and, once the answer is written, asks the framer for the next input. */
  private void reply(ChannelHandlerContext ctx, String out) {
    String text = state.mode == SessionState.Mode.PROMPT ? out + PROMPT : out;
    ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ctx.pipeline().fireUserEventTriggered(CliFramer.NEXT);
              }
            });
    armIdle(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("runtime api connection failed", cause);
    closing = true;
    ctx.close();
  }

  private void closeAfter(ChannelHandlerContext ctx, String text) {
    closing = true;
    cancelIdle();
    ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), text))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void armIdle(ChannelHandlerContext ctx) {
    cancelIdle();
    idle =
        ctx.executor()
            .schedule(
                () -> {
                  closing = true;
                  ctx.close();
                },
                state.idleTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void cancelIdle() {
    if (idle != null) {
      idle.cancel(false);
      idle = null;
    }
  }
}
