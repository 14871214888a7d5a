package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http2IdleCloseTest {
  private static final long IDLE = TimeUnit.SECONDS.toNanos(10);

  private final AtomicInteger openStreams = new AtomicInteger();
  private EmbeddedChannel ch;

  @BeforeEach
  void start() {
    ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(new Http2IdleClose(IDLE, openStreams::get));
  }

  @AfterEach
  void stop() {
    ch.finishAndReleaseAll();
  }

  private void advanceSeconds(long s) {
    ch.advanceTimeBy(s, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void closesAConnectionWithoutStreamsThatStaysQuietForTheKeepAlive() {
    advanceSeconds(9);
    assertThat(ch.isOpen()).isTrue();
    advanceSeconds(1);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aReadRestartsTheKeepAlive() {
    advanceSeconds(6);
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
    advanceSeconds(6);
    assertThat(ch.isOpen()).isTrue();
    advanceSeconds(4);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aFlushRestartsTheKeepAlive() {
    advanceSeconds(6);
    ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
    advanceSeconds(6);
    assertThat(ch.isOpen()).isTrue();
    advanceSeconds(4);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aQuietConnectionWithAnOpenStreamStaysOpenUntilTheStreamEnds() {
    openStreams.set(1);
    advanceSeconds(30);
    assertThat(ch.isOpen()).isTrue();
    openStreams.set(0);
    advanceSeconds(10);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void noCheckIsLeftScheduledAfterTheConnectionCloses() {
    ch.close();
    assertThat(ch.hasPendingTasks()).isFalse();
    advanceSeconds(20);
    assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
  }
}
