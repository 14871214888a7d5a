package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http2FlushBatcherTest {
  private final FlushCounter below = new FlushCounter();
  private EmbeddedChannel ch;

  @BeforeEach
  void start() {
    ch = new EmbeddedChannel(below, new Http2FlushBatcher());
  }

  @AfterEach
  void stop() {
    ch.finishAndReleaseAll();
  }

  private static ByteBuf bytes() {
    return Unpooled.wrappedBuffer(new byte[] {1});
  }

  @Test
  void flushesInOneBatchBecomeOneAfterTheBatch() {
    ch.pipeline().writeAndFlush(bytes());
    ch.pipeline().writeAndFlush(bytes());
    ch.pipeline().writeAndFlush(bytes());
    assertThat(below.flushes).isZero();

    ch.runPendingTasks();

    assertThat(below.flushes).isEqualTo(1);
    assertThat(below.flushedWrites).isEqualTo(3);
  }

  @Test
  void eachBatchGetsItsOwnFlush() {
    ch.pipeline().writeAndFlush(bytes());
    ch.runPendingTasks();
    ch.pipeline().writeAndFlush(bytes());
    ch.runPendingTasks();

    assertThat(below.flushes).isEqualTo(2);
  }

  @Test
  void closingFlushesWhatIsHeldFirst() {
    ch.pipeline().writeAndFlush(bytes());
    ch.pipeline().close();

    assertThat(below.flushes).isEqualTo(1);
    assertThat(below.flushedWrites).isEqualTo(1);
  }

  @Test
  void readsDoNotHoldAFlush() {
    ch.writeInbound(bytes());
    ch.pipeline().writeAndFlush(bytes());
    ch.runPendingTasks();

    assertThat(below.flushes).isEqualTo(1);
  }

  private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
    int flushes;
    int writes;
    int flushedWrites;

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes++;
      flushedWrites = writes;
    }

    /**
     * Keeps writes from the embedded channel, which would run the pending tasks (the batcher's
     * flush among them) on each write that reaches it.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      writes++;
      ReferenceCountUtil.release(msg);
      promise.setSuccess();
    }
  }
}
