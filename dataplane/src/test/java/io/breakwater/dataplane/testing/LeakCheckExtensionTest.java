package io.breakwater.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakCheckExtensionTest {

  @Test
  void failsWhenABufferIsDroppedWithoutRelease() {
    leakOne();
    assertThatThrownBy(() -> new LeakCheckExtension().afterAll(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("leak");
  }

  private static void leakOne() {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
    b.writeInt(42);
    // dropped on purpose: no release
  }
}
