package io.breakwater.dataplane.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class, collects garbage and gives Netty's leak detector the chance to report
 * buffers that were dropped without release; any report fails the class. Netty reports a leak when
 * it next tracks an allocation, so a leak that surfaces late can be charged to a later class — the
 * build still fails, and the recorded access points say where the buffer was touched. Registered
 * for every test class by JUnit's extension auto-detection.
 */
public final class LeakCheckExtension implements AfterAllCallback {
  private static final int ROUNDS = 8;

  @Override
  public void afterAll(ExtensionContext context) {
    ByteBufAllocator[] allocators = {
      ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT
    };
    for (int i = 0; i < ROUNDS; i++) {
      System.gc();
      for (ByteBufAllocator a : allocators) {
        ByteBuf probe = a.directBuffer(1);
        probe.release();
        probe = a.heapBuffer(1);
        probe.release();
      }
    }
    List<String> leaks = LeakRecorder.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " Netty buffer leak(s) detected:\n" + String.join("\n\n", leaks));
    }
  }
}
