package io.breakwater.dataplane.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker event loops, numbered. Per-loop structures (connection pools) are arrays indexed by
 * the number, and a loop thread finds its own number in a {@link FastThreadLocal} without a map
 * lookup.
 */
final class EventLoops {
  private static final FastThreadLocal<Integer> INDEX = new FastThreadLocal<>();

  private final EventLoopGroup group;
  private final EventLoop[] loops;

  EventLoops(EventLoopGroup group) {
    this.group = group;
    List<EventLoop> list = new ArrayList<>();
    for (EventExecutor e : group) {
      list.add((EventLoop) e);
    }
    this.loops = list.toArray(new EventLoop[0]);
    for (int i = 0; i < loops.length; i++) {
      int index = i;
      loops[i].submit(() -> INDEX.set(index)).syncUninterruptibly();
    }
  }

  private EventLoops(EventLoop[] loops) {
    this.group = null;
    this.loops = loops.clone();
  }

  /** Numbered loops without thread-local numbering, for handler tests on embedded channels. */
  static EventLoops of(EventLoop... loops) {
    return new EventLoops(loops);
  }

  EventLoopGroup group() {
    return group;
  }

  int size() {
    return loops.length;
  }

  EventLoop get(int index) {
    return loops[index];
  }

  /** The calling loop thread's number, or -1 on any other thread. */
  static int currentIndex() {
    Integer i = INDEX.getIfExists();
    return i == null ? -1 : i;
  }
}
