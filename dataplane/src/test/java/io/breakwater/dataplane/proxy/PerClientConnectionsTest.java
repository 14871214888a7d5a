package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerClientConnectionsTest {
  private static final InetAddress A = InetAddress.getLoopbackAddress();
  private static final InetAddress B = addr("192.0.2.7");

  private static InetAddress addr(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void eachAddressGetsUpToMaxAndRefusalsAreCounted() {
    PerClientConnections c = new PerClientConnections();
    assertThat(c.tryAcquire(A, 2)).isTrue();
    assertThat(c.tryAcquire(A, 2)).isTrue();
    assertThat(c.tryAcquire(A, 2)).isFalse();
    assertThat(c.tryAcquire(B, 2)).isTrue();
    assertThat(c.open(A)).isEqualTo(2);
    assertThat(c.refused()).isEqualTo(1);
    c.release(A);
    assertThat(c.tryAcquire(A, 2)).isTrue();
  }

  @Test
  void anAddressLeavesTheMapWithItsLastConnection() {
    PerClientConnections c = new PerClientConnections();
    c.tryAcquire(A, 1);
    c.tryAcquire(A, 1); // refused: must not leave an entry behind either
    c.tryAcquire(B, 1);
    assertThat(c.clients()).isEqualTo(2);
    c.release(A);
    c.release(B);
    assertThat(c.clients()).isZero();
    assertThat(c.open(A)).isZero();
  }

  @Test
  void concurrentAcceptsNeverAdmitMoreThanMaxAndReleaseToEmpty() throws Exception {
    PerClientConnections c = new PerClientConnections();
    int threads = 8;
    int max = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 200; round++) {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    boolean ok = c.tryAcquire(A, max);
                    if (ok) {
                      admitted.incrementAndGet();
                    }
                    return ok;
                  }));
        }
        go.countDown();
        for (Future<Boolean> f : results) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertThat(admitted.get()).isEqualTo(max);
        for (int i = 0; i < max; i++) {
          c.release(A);
        }
        assertThat(c.clients()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
