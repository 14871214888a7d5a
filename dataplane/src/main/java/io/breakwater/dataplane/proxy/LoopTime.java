package io.breakwater.dataplane.proxy;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Ticker;

/**
 * An event loop's time for one read, as HAProxy keeps {@code now} for one pass of its poll loop:
 * taken from the loop's ticker when a socket's read starts ({@link #enter}) and handed out as is
 * until it ends ({@link #exit}); outside a read (tasks, timers) {@link #now} asks the ticker. An
 * exchange reads the time about ten times (timers, phases, the pool's idle check) and a clock read
 * costs tens of nanoseconds on a VM; within one read they share one. Time stands still for the
 * read's microseconds: a deadline armed late in it fires that much early.
 */
final class LoopTime {
  private static final FastThreadLocal<LoopTime> CURRENT =
      new FastThreadLocal<>() {
        @Override
        protected LoopTime initialValue() {
          return new LoopTime();
        }
      };

  private long now;
  private int depth;

  private LoopTime() {}

  /** The calling thread's (its event loop's). */
  static LoopTime current() {
    return CURRENT.get();
  }

  /** A read starts: the time is taken now unless an enclosing read holds it already. */
  void enter(Ticker ticker) {
    if (depth++ == 0) {
      now = ticker.nanoTime();
    }
  }

  /** The read that {@link #enter} started has ended. */
  void exit() {
    depth--;
  }

  /** The read's time inside a read, else {@code ticker}'s. */
  long now(Ticker ticker) {
    return depth > 0 ? now : ticker.nanoTime();
  }

  /** The calling thread's time, see {@link #now(Ticker)}. */
  static long now(io.netty.util.concurrent.EventExecutor loop) {
    return CURRENT.get().now(loop.ticker());
  }
}
