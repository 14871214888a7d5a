package io.breakwater.dataplane.accesslog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers and one consumer, after Dmitry Vyukov's bounded MPMC queue:
 * each slot carries a sequence number that says whose turn it is, producers claim a position with
 * one compare-and-set, and {@link #offer} fails at once when the slot one lap behind is still
 * occupied. Producers never lock and never wait for each other or for the consumer; that is why the
 * access log uses it instead of {@link java.util.concurrent.ArrayBlockingQueue}, whose {@code
 * offer} takes a lock the writer thread also takes.
 *
 * <p>The capacity is exact (no rounding to a power of two) so that {@code buffer: 100} means 100.
 * Sequence numbers are read and written with volatile semantics: {@link AccessLogWriter}'s wake-up
 * protocol needs a producer's publication to be ordered before its read of the consumer's parked
 * flag.
 */
final class BoundedMpscQueue<E> {
  private final int capacity;
  private final AtomicReferenceArray<E> items;
  private final AtomicLongArray sequences;
  private final AtomicLong tail = new AtomicLong();
  private long head; // only the consumer touches it

  BoundedMpscQueue(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
    }
    this.capacity = capacity;
    this.items = new AtomicReferenceArray<>(capacity);
    this.sequences = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequences.set(i, i);
    }
  }

  int capacity() {
    return capacity;
  }

  /**
   * Adds {@code e} unless the queue is full; any thread.
   *
   * @return the position {@code e} took (0 for the first item ever offered), or -1 when full
   */
  long offer(E e) {
    long pos = tail.get();
    while (true) {
      int slot = (int) (pos % capacity);
      long diff = sequences.get(slot) - pos;
      if (diff == 0) {
        if (tail.compareAndSet(pos, pos + 1)) {
          items.set(slot, e);
          sequences.set(slot, pos + 1); // publishes the item to the consumer
          return pos;
        }
        pos = tail.get();
      } else if (diff < 0) {
        return -1; // the slot a lap behind has not been consumed: full
      } else {
        pos = tail.get(); // another producer took this position
      }
    }
  }

  /** The oldest item, or null when there is none yet; the consumer thread only. */
  E poll() {
    int slot = (int) (head % capacity);
    if (sequences.get(slot) != head + 1) {
      return null; // empty, or its producer has claimed the slot but not yet published
    }
    E e = items.get(slot);
    items.set(slot, null);
    sequences.set(slot, head + capacity); // frees the slot for the producer one lap ahead
    head++;
    return e;
  }

  /** How many items the consumer has taken so far; the consumer thread only. */
  long taken() {
    return head;
  }

  /** Whether the consumer would find an item now; the consumer thread only. */
  boolean isEmpty() {
    return sequences.get((int) (head % capacity)) != head + 1;
  }
}
