package io.breakwater.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedMpscQueueTest {

  @Test
  void holdsExactlyItsCapacityInOrder() {
    BoundedMpscQueue<Integer> q = new BoundedMpscQueue<>(3); // not a power of two on purpose
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.offer(1)).as("position").isEqualTo(0);
    assertThat(q.offer(2)).isEqualTo(1);
    assertThat(q.offer(3)).isEqualTo(2);
    assertThat(q.offer(4)).as("full").isEqualTo(-1);
    assertThat(q.poll()).isEqualTo(1);
    assertThat(q.taken()).isEqualTo(1);
    assertThat(q.offer(5)).isEqualTo(3);
    assertThat(q.poll()).isEqualTo(2);
    assertThat(q.poll()).isEqualTo(3);
    assertThat(q.poll()).isEqualTo(5);
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void wrapsAroundManyTimes() {
    BoundedMpscQueue<Integer> q = new BoundedMpscQueue<>(5);
    for (int i = 0; i < 1_000; i++) {
      assertThat(q.offer(i)).isEqualTo(2L * i);
      assertThat(q.offer(-i)).isEqualTo(2L * i + 1);
      assertThat(q.poll()).isEqualTo(i);
      assertThat(q.poll()).isEqualTo(-i);
    }
  }

  @Test
  void rejectsAnEmptyCapacity() {
    assertThatThrownBy(() -> new BoundedMpscQueue<>(0)).hasMessage("capacity: 0 (expected: > 0)");
  }

  @Test
  void concurrentProducersLoseNothingThatWasAccepted() throws Exception {
    int producers = 4;
    int each = 50_000;
    BoundedMpscQueue<Integer> q = new BoundedMpscQueue<>(64);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger accepted = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * each;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  if (q.offer(base + i) >= 0) {
                    accepted.incrementAndGet();
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    BitSet seen = new BitSet(producers * each);
    int[] lastPerProducer = new int[producers];
    java.util.Arrays.fill(lastPerProducer, -1);
    int taken = 0;
    start.countDown();
    while (threads.stream().anyMatch(Thread::isAlive) || !q.isEmpty()) {
      Integer v = q.poll();
      if (v == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(seen.get(v)).as("%d taken twice", v).isFalse();
      seen.set(v);
      int p = v / each;
      assertThat(v).as("producer %d's order", p).isGreaterThan(lastPerProducer[p]);
      lastPerProducer[p] = v;
      taken++;
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Integer v; (v = q.poll()) != null; ) {
      seen.set(v);
      taken++;
    }
    assertThat(taken).isEqualTo(accepted.get()).isEqualTo(seen.cardinality());
  }
}
