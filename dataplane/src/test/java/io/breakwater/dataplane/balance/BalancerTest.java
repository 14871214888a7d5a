package io.breakwater.dataplane.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.Balance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every algorithm shares: who may be picked, and when nothing can be. */
class BalancerTest {

  private static Balancer<TestServer> balancer(Balance algorithm, List<TestServer> servers) {
    SplittableRandom seeded = new SplittableRandom(7);
    return Balancer.create(algorithm, servers, () -> seeded);
  }

  /** Picks 1,000 times with varied keys; returns the names picked. */
  private static Set<String> pickedNames(Balancer<TestServer> b) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      TestServer s = b.pick(new Ctx(Ctx.client(i).clientAddress(), "/p" + i));
      names.add(s == null ? "null" : s.name());
    }
    return names;
  }

  /**
   * Servers of these weights, state changed after the balancer is built, the names picks return
   * (every one of them must show up; "null" for no server) and what anyEligible says.
   */
  record Case(
      String name,
      int[] weights,
      Consumer<List<TestServer>> after,
      Set<String> picked,
      boolean anyEligible) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(
      String name, int[] weights, Consumer<List<TestServer>> after, String... picked) {
    Set<String> names = Set.of(picked);
    return new Case(name, weights, after, names, !names.equals(Set.of("null")));
  }

  private static int[] w(int... weights) {
    return weights;
  }

  static Stream<Case> availability() {
    return Stream.of(
        c("all available", w(1, 2, 3), s -> {}, "s0", "s1", "s2"),
        c("weight 0 never picked", w(0, 2, 0, 1), s -> {}, "s1", "s3"),
        c("weight dropped to 0", w(5, 1, 1), s -> s.get(0).weight = 0, "s1", "s2"),
        c("ineligible skipped", w(1, 5, 1), s -> s.get(1).eligible = false, "s0", "s2"),
        c("full skipped", w(100, 1, 1), s -> s.get(0).full(), "s1", "s2"),
        c(
            "only one left",
            w(200, 50, 1),
            s -> {
              s.get(0).full();
              s.get(1).eligible = false;
            },
            "s2"),
        new Case(
            "all full: queue", w(1, 2), s -> s.forEach(TestServer::full), Set.of("null"), true),
        c("none eligible: 503", w(1, 2), s -> s.forEach(x -> x.eligible = false), "null"),
        c(
            "full and ineligible: 503",
            w(1, 2),
            s -> s.forEach(x -> x.full().eligible(false)),
            "null"),
        c("all weight 0: 503", w(0, 0), s -> {}, "null"),
        c("no servers: 503", w(), s -> {}, "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("availability")
  void picksOnlyAvailableServersAndTellsQueueFrom503(Case c) {
    for (Balance algorithm : Balance.values()) {
      List<TestServer> servers = TestServer.withWeights(c.weights);
      Balancer<TestServer> b = balancer(algorithm, servers);
      c.after.accept(servers);
      assertThat(pickedNames(b)).as(algorithm.configName()).isEqualTo(c.picked);
      assertThat(b.anyEligible()).as(algorithm.configName()).isEqualTo(c.anyEligible);
    }
  }

  @ParameterizedTest
  @EnumSource(Balance.class)
  void exposesItsAlgorithmAndServers(Balance algorithm) {
    List<TestServer> servers = TestServer.withWeights(1, 2);
    Balancer<TestServer> b = Balancer.create(algorithm, servers);
    assertThat(b.algorithm()).isEqualTo(algorithm);
    assertThat(b.servers()).containsExactlyElementsOf(servers);
    assertThat(b.pick(Ctx.NONE)).isIn(servers);
  }

  @ParameterizedTest
  @EnumSource(Balance.class)
  void rejectsWeightsOutOfRange(Balance algorithm) {
    assertThatThrownBy(() -> Balancer.create(algorithm, TestServer.withWeights(1, 257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("servers[1].weight: 257 (expected: 0..256)");
    assertThatThrownBy(() -> Balancer.create(algorithm, TestServer.withWeights(-1)))
        .hasMessage("servers[0].weight: -1 (expected: 0..256)");
  }

  @ParameterizedTest
  @EnumSource(Balance.class)
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void concurrentPicksAllLandAndAddUp(Balance algorithm) throws Exception {
    int threads = 4;
    int picksPerThread = 60_000; // a multiple of the round-robin period (1+2+3 = 6)
    List<TestServer> servers = TestServer.withWeights(1, 2, 3);
    Balancer<TestServer> b = Balancer.create(algorithm, servers);
    AtomicIntegerArray counts = new AtomicIntegerArray(servers.size());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < picksPerThread; i++) {
                    int key = thread * picksPerThread + i;
                    TestServer s = b.pick(new Ctx(Ctx.client(key).clientAddress(), "/k" + key));
                    counts.incrementAndGet(Integer.parseInt(s.name().substring(1)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int total = counts.get(0) + counts.get(1) + counts.get(2);
    assertThat(total).isEqualTo(threads * picksPerThread);
    if (algorithm == Balance.ROUNDROBIN) {
      // Every counter value is used once, so whole periods split exactly by weight.
      assertThat(new int[] {counts.get(0), counts.get(1), counts.get(2)})
          .containsExactly(total / 6, 2 * total / 6, 3 * total / 6);
    } else {
      for (int i = 0; i < 3; i++) {
        assertThat(counts.get(i)).as("server s" + i).isPositive();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Balance.class)
  void picksAllocateNothing(Balance algorithm) {
    List<TestServer> servers = TestServer.withWeights(1, 2, 3, 0, 5);
    servers.get(1).full();
    Balancer<TestServer> b = Balancer.create(algorithm, servers);
    Ctx[] contexts = new Ctx[64];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = new Ctx(Ctx.client(i).clientAddress(), "/items/" + i + "?page=2");
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int picked = 0;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 20_000; i++) {
      if (b.pick(contexts[i & 63]) != null) {
        picked++;
      }
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(picked).isEqualTo(20_000);
    assertThat(allocated).isLessThan(4_096);
  }

  @Test
  void defaultFactoryUsesThreadLocalRandom() {
    Balancer<TestServer> b = Balancer.create(Balance.RANDOM, TestServer.withWeights(1, 1));
    assertThat(pickedNames(b)).containsExactlyInAnyOrder("s0", "s1");
  }
}
