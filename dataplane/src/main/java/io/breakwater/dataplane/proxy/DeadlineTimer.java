package io.breakwater.dataplane.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * One connection's timeout, confined to its event loop. Re-arming to a later deadline (the common
 * case: activity on a stream) only stores a number; the scheduled task notices the moved deadline
 * when it runs and schedules itself again. Only a deadline earlier than the pending task costs a
 * reschedule. Time comes from the executor's {@link Ticker}, so tests drive it with a mock ticker
 * (within a read, the read's time: {@link LoopTime}).
 */
final class DeadlineTimer implements Runnable {

  /** What a timer is waiting for; decides what expiry means. */
  enum Kind {
    NONE,
    HTTP_REQUEST,
    KEEP_ALIVE,
    CLIENT,
    SERVER,
    QUEUE,
    TUNNEL,
    /** The client stopped reading: the response is stuck above the high watermark. */
    CLIENT_WRITE
  }

  /** Receives expiries. */
  interface Expiry {
    void onTimeout(Kind kind);
  }

  private final EventExecutor executor;
  private final Ticker ticker;
  private final Expiry expiry;
  private Kind kind = Kind.NONE;
  private long deadline;
  private long scheduledFor;
  private ScheduledFuture<?> pending;

  DeadlineTimer(EventExecutor executor, Expiry expiry) {
    this.executor = executor;
    this.ticker = executor.ticker();
    this.expiry = expiry;
  }

  /** Arms (or re-arms) the timer to fire {@code timeoutNanos} from now for {@code kind}. */
  void arm(Kind kind, long timeoutNanos) {
    this.kind = kind;
    long now = LoopTime.current().now(ticker);
    deadline = now + timeoutNanos;
    if (pending == null) {
      schedule(now);
    } else if (deadline - scheduledFor < 0) {
      pending.cancel(false);
      schedule(now);
    }
  }

  /** The current kind, or {@link Kind#NONE}. */
  Kind kind() {
    return kind;
  }

  /** Stops the timer; a pending task finds nothing to do. */
  void disarm() {
    kind = Kind.NONE;
  }

  /** Stops the timer and drops its pending task, for a connection that is gone. */
  void cancel() {
    kind = Kind.NONE;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void schedule(long now) {
    scheduledFor = deadline;
    pending = executor.schedule(this, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
  }

  @Override
  public void run() {
    pending = null;
    if (kind == Kind.NONE) {
      return;
    }
    long now = ticker.nanoTime();
    if (now - deadline >= 0) {
      Kind expired = kind;
      kind = Kind.NONE;
      expiry.onTimeout(expired);
    } else {
      schedule(now);
    }
  }
}
