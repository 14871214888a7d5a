package io.breakwater.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeakRecorderTest {

  private static final String URING_READ =
      "\tio.netty.buffer.AbstractByteBufAllocator.directBuffer(AbstractByteBufAllocator.java:159)\n"
          + "\tio.netty.channel.uring.AbstractIoUringStreamChannel$IoUringStreamUnsafe"
          + ".scheduleRead0(AbstractIoUringStreamChannel.java:444)\n"
          + "\tjava.base/java.lang.Thread.run(Thread.java:840)";

  @Test
  void anUntouchedIoUringReadBufferIsTheTransportsOwn() {
    assertThat(
            LeakRecorder.isTransportReadBuffer(
                "\nRecent access records: \nCreated at:\n" + URING_READ))
        .isTrue();
  }

  @Test
  void aBufferAHandlerTouchedStillCounts() {
    assertThat(
            LeakRecorder.isTransportReadBuffer(
                "\nRecent access records: \n#1:\n\tio.breakwater.dataplane.proxy.FrontendHandler"
                    + ".channelRead(FrontendHandler.java:1)\nCreated at:\n"
                    + URING_READ))
        .isFalse();
  }

  @Test
  void aBufferOurCodeAllocatedStillCounts() {
    assertThat(
            LeakRecorder.isTransportReadBuffer(
                "\nRecent access records: \nCreated at:\n"
                    + "\tio.breakwater.dataplane.proxy.MirrorCopy.add(MirrorCopy.java:1)\n"
                    + URING_READ))
        .isFalse();
    assertThat(
            LeakRecorder.isTransportReadBuffer(
                "\nRecent access records: \nCreated at:\n"
                    + "\tio.netty.buffer.Unpooled.buffer(Unpooled.java:1)\n"))
        .isFalse();
  }
}
