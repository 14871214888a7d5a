package io.breakwater.controller.sync;

import java.time.Duration;

/**
 * When a burst of changes is due for a sync: once no change came for {@code quiet}, or {@code
 * maxDelay} after the first change of the burst, whichever is earlier, so a steady stream of
 * changes still syncs at least every {@code maxDelay}. Times are {@link System#nanoTime()}-style
 * readings from the caller's clock. Not thread-safe (the sync loop guards it).
 */
final class Debouncer {
  private final long quiet;
  private final long maxDelay;
  private boolean pending;
  private long first;
  private long last;

  Debouncer(Duration quiet, Duration maxDelay) {
    if (quiet.isNegative()) {
      throw new IllegalArgumentException("debounce: " + quiet + " (expected: >= 0)");
    }
    if (maxDelay.compareTo(quiet) < 0) {
      throw new IllegalArgumentException(
          "max delay: "
              + maxDelay.toMillis()
              + "ms (expected: at least the debounce, "
              + quiet.toMillis()
              + "ms)");
    }
    this.quiet = quiet.toNanos();
    this.maxDelay = maxDelay.toNanos();
  }

  /** A change was observed at {@code now}. */
  void changed(long now) {
    if (!pending) {
      pending = true;
      first = now;
    }
    last = now;
  }

  /**
   * Records changes that were taken for a sync that then failed, observed first at {@code
   * firstSeen}: the next sync covers them, and its latency counts from then.
   */
  void requeue(long firstSeen) {
    if (!pending || firstSeen - first < 0) {
      first = firstSeen;
    }
    if (!pending) {
      last = firstSeen;
      pending = true;
    }
  }

  boolean pending() {
    return pending;
  }

  /** When the first change of the pending burst was observed; meaningful while {@link #pending}. */
  long firstChange() {
    return first;
  }

  /** When the pending burst is due; meaningful while {@link #pending}. */
  long dueAt() {
    long byQuiet = last + quiet;
    long byMax = first + maxDelay;
    return byQuiet - byMax < 0 ? byQuiet : byMax;
  }

  /** Takes the pending burst: returns when its first change was seen, and forgets it. */
  long take() {
    pending = false;
    return first;
  }
}
