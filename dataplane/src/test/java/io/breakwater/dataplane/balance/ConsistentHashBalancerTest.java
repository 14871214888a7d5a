package io.breakwater.dataplane.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breakwater.dataplane.config.Balance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConsistentHashBalancerTest {

  private static final int KEYS = 20_000;

  private static IntFunction<Ctx> keys(Balance algorithm) {
    return algorithm == Balance.SOURCE ? Ctx::client : i -> Ctx.path("/item/" + i + "?q=" + i);
  }

  private static String[] owners(Balance algorithm, List<TestServer> servers) {
    Balancer<TestServer> b = Balancer.create(algorithm, servers);
    IntFunction<Ctx> key = keys(algorithm);
    String[] owners = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      owners[i] = b.pick(key.apply(i)).name();
    }
    return owners;
  }

  @ParameterizedTest
  @EnumSource(
      value = Balance.class,
      names = {"SOURCE", "URI"})
  void sameKeySameServer(Balance algorithm) {
    List<TestServer> servers = TestServer.withWeights(1, 1, 1, 1, 1);
    assertThat(owners(algorithm, servers)).containsExactly(owners(algorithm, servers));
    assertThat(new HashSet<>(List.of(owners(algorithm, servers)))).hasSize(5);
  }

  @Test
  void uriIgnoresQueryAndFragment() {
    Balancer<TestServer> b = Balancer.create(Balance.URI, TestServer.withWeights(1, 1, 1, 1, 1));
    for (int i = 0; i < 200; i++) {
      TestServer s = b.pick(Ctx.path("/a/" + i));
      assertThat(b.pick(Ctx.path("/a/" + i + "?x=" + i))).isSameAs(s);
      assertThat(b.pick(Ctx.path("/a/" + i + "#frag"))).isSameAs(s);
    }
  }

  @Test
  void sourceHashesIpv6Clients() {
    Balancer<TestServer> b = Balancer.create(Balance.SOURCE, TestServer.withWeights(1, 1, 1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Ctx ctx = Ctx.client("2001:db8::" + Integer.toHexString(i));
      TestServer s = b.pick(ctx);
      assertThat(b.pick(Ctx.client("2001:db8::" + Integer.toHexString(i)))).isSameAs(s);
      seen.add(s.name());
    }
    assertThat(seen).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(
      value = Balance.class,
      names = {"SOURCE", "URI"})
  void requestsWithoutKeySpreadOverServers(Balance algorithm) {
    Balancer<TestServer> b = Balancer.create(algorithm, TestServer.withWeights(1, 1, 1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      seen.add(b.pick(Ctx.NONE).name());
    }
    assertThat(seen).hasSize(3);
  }

  /** Servers with these weights; the one at {@code removed} leaves. */
  record Removal(String name, int[] weights, int removed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Removal> removals() {
    int[] thousand = new int[1_000];
    java.util.Arrays.fill(thousand, 100);
    return Stream.of(
        new Removal("10 equal", new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 3),
        new Removal("weights 1..10, remove weight 5", IntStream.rangeClosed(1, 10).toArray(), 4),
        new Removal("first of three", new int[] {3, 3, 3}, 0),
        new Removal("last of three", new int[] {2, 4, 6}, 2),
        new Removal("1,000 pods of weight 100 (capped ring)", thousand, 617));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void removingAServerMovesOnlyItsKeys(Removal r) {
    for (Balance algorithm : List.of(Balance.SOURCE, Balance.URI)) {
      List<TestServer> before = TestServer.withWeights(r.weights);
      List<TestServer> after = new ArrayList<>(before);
      String gone = after.remove(r.removed).name();
      String[] was = owners(algorithm, before);
      String[] now = owners(algorithm, after);
      int moved = 0;
      for (int i = 0; i < KEYS; i++) {
        if (was[i].equals(gone)) {
          assertThat(now[i]).isNotEqualTo(gone);
          moved++;
        } else {
          assertThat(now[i]).as("key %d", i).isEqualTo(was[i]);
        }
      }
      assertThat(moved).as("keys that were on %s", gone).isPositive();
    }
  }

  @Test
  void addingAServerTakesKeysOnlyForItself() {
    List<TestServer> before = TestServer.withWeights(1, 1, 1, 1);
    List<TestServer> after = new ArrayList<>(before);
    after.add(1, new TestServer("new", 1)); // list position does not matter
    String[] was = owners(Balance.URI, before);
    String[] now = owners(Balance.URI, after);
    for (int i = 0; i < KEYS; i++) {
      assertThat(now[i]).isIn(was[i], "new");
    }
    assertThat(now).contains("new");
  }

  @Test
  void unavailableServerPassesItsKeysToTheNextOnTheRingAndGetsThemBack() {
    List<TestServer> servers = TestServer.withWeights(1, 1, 1, 1, 1);
    Balancer<TestServer> b = Balancer.create(Balance.SOURCE, servers);
    Map<Integer, TestServer> owner = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      owner.put(i, b.pick(Ctx.client(i)));
    }
    TestServer down = servers.get(2);
    down.eligible = false;
    Map<Integer, TestServer> fallback = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      TestServer s = b.pick(Ctx.client(i));
      if (owner.get(i) == down) {
        assertThat(s).isNotSameAs(down);
        assertThat(b.pick(Ctx.client(i))).as("stable fallback").isSameAs(s);
        fallback.put(i, s);
      } else {
        assertThat(s).isSameAs(owner.get(i));
      }
    }
    assertThat(Set.copyOf(fallback.values())).hasSizeGreaterThan(1); // spread, not one neighbour
    down.eligible = true;
    for (int i = 0; i < KEYS; i++) {
      assertThat(b.pick(Ctx.client(i))).isSameAs(owner.get(i));
    }
  }

  @ParameterizedTest
  @MethodSource("io.breakwater.dataplane.balance.RandomBalancerTest#weightSets")
  void keysSpreadRoughlyInWeightProportion(int[] weights) {
    String[] owners = owners(Balance.URI, TestServer.withWeights(weights));
    int total = java.util.Arrays.stream(weights).sum();
    for (int s = 0; s < weights.length; s++) {
      String name = "s" + s;
      long count = java.util.Arrays.stream(owners).filter(name::equals).count();
      assertThat(count / (double) KEYS)
          .as(name)
          .isCloseTo(weights[s] / (double) total, within(0.05));
    }
  }

  static Stream<int[]> ringSizes() {
    return Stream.of(
        new int[] {1},
        new int[] {1, 2},
        IntStream.range(0, 1_000).map(i -> 1 + i % 256).toArray(),
        IntStream.range(0, 5_000).map(i -> 1).toArray(),
        IntStream.range(0, 300).map(i -> 256).toArray());
  }

  @ParameterizedTest
  @MethodSource("ringSizes")
  void ringStaysWithinItsPointBudget(int[] weights) {
    ConsistentHashBalancer<TestServer> b =
        new ConsistentHashBalancer<>(Balance.URI, TestServer.withWeights(weights));
    int units = 0;
    int gcd = 0;
    for (int w : weights) {
      gcd = AbstractBalancer.gcd(gcd, w);
    }
    for (int w : weights) {
      units += w / gcd;
    }
    assertThat(b.ringSize())
        .isLessThanOrEqualTo(ConsistentHashBalancer.MAX_POINTS + weights.length)
        .isGreaterThanOrEqualTo(
            Math.min(
                units * ConsistentHashBalancer.POINTS_PER_WEIGHT,
                ConsistentHashBalancer.MAX_POINTS / 2));
  }
}
