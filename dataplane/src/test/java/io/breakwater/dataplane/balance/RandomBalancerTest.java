package io.breakwater.dataplane.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.breakwater.dataplane.config.Balance;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RandomBalancerTest {

  private static final int PICKS = 100_000;

  private static double[] shares(Balancer<TestServer> b, List<TestServer> servers) {
    int[] counts = new int[servers.size()];
    for (int i = 0; i < PICKS; i++) {
      counts[servers.indexOf(b.pick(Ctx.NONE))]++;
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = counts[i] / (double) PICKS;
    }
    return shares;
  }

  static Stream<int[]> weightSets() {
    return Stream.of(new int[] {1, 1}, new int[] {1, 2, 3, 4}, new int[] {256, 0, 64, 1});
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void idleServersArePickedInWeightProportion(int[] weights) {
    List<TestServer> servers = TestServer.withWeights(weights);
    SplittableRandom seeded = new SplittableRandom(42);
    double[] shares = shares(Balancer.create(Balance.RANDOM, servers, () -> seeded), servers);
    int total = java.util.Arrays.stream(weights).sum();
    for (int i = 0; i < weights.length; i++) {
      assertThat(shares[i]).as("s%d", i).isCloseTo(weights[i] / (double) total, within(0.01));
    }
  }

  @Test
  void loadedServerOnlyWinsWhenDrawnTwice() {
    List<TestServer> servers = TestServer.withWeights(1, 1);
    servers.get(0).active(10);
    SplittableRandom seeded = new SplittableRandom(42);
    double[] shares = shares(Balancer.create(Balance.RANDOM, servers, () -> seeded), servers);
    assertThat(shares[0]).isCloseTo(0.25, within(0.01));
  }

  /** Draws scripted as cumulative-weight offsets; the pick is expected. */
  record Case(String name, int[] weights, int[] active, int[] draws, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> twoChoices() {
    return Stream.of(
        new Case("second less loaded", new int[] {1, 1}, new int[] {5, 1}, new int[] {0, 1}, "s1"),
        new Case("first less loaded", new int[] {1, 1}, new int[] {5, 1}, new int[] {1, 0}, "s1"),
        new Case("tie: first drawn", new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 0}, "s1"),
        new Case("relative to weight", new int[] {4, 1}, new int[] {4, 2}, new int[] {4, 0}, "s0"),
        new Case("same server twice", new int[] {1, 1}, new int[] {9, 0}, new int[] {0, 0}, "s0"),
        new Case(
            "cumulative offsets map to weight ranges",
            new int[] {2, 3, 1},
            new int[] {1, 1, 0},
            new int[] {4, 5},
            "s2"));
  }

  @ParameterizedTest
  @MethodSource("twoChoices")
  void takesTheLessLoadedOfTwoDraws(Case c) {
    List<TestServer> servers = TestServer.withWeights(c.weights);
    for (int i = 0; i < servers.size(); i++) {
      servers.get(i).active(c.active[i]);
    }
    ScriptedRandom script = new ScriptedRandom(c.draws);
    assertThat(Balancer.create(Balance.RANDOM, servers, () -> script).pick(Ctx.NONE).name())
        .isEqualTo(c.expected);
  }

  @Test
  void unavailableCandidateLeavesTheOther() {
    List<TestServer> servers = TestServer.withWeights(1, 1, 1);
    servers.get(0).full();
    ScriptedRandom script = new ScriptedRandom(0, 2);
    assertThat(Balancer.create(Balance.RANDOM, servers, () -> script).pick(Ctx.NONE).name())
        .isEqualTo("s2");
  }

  @Test
  void afterUnluckyDrawsScansForTheLeastLoaded() {
    List<TestServer> servers = TestServer.withWeights(100, 1, 1);
    servers.get(0).full();
    servers.get(1).active(3);
    servers.get(2).active(1);
    // Both rounds draw s0 twice, then the scan starts at index 1.
    ScriptedRandom script = new ScriptedRandom(0, 0, 0, 0, 1);
    assertThat(Balancer.create(Balance.RANDOM, servers, () -> script).pick(Ctx.NONE).name())
        .isEqualTo("s2");
  }
}
