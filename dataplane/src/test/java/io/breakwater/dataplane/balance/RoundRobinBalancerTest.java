package io.breakwater.dataplane.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Balance;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundRobinBalancerTest {

  record Sequence(int[] weights, String expected) {
    @Override
    public String toString() {
      return java.util.Arrays.toString(weights) + " -> " + expected;
    }
  }

  static Stream<Sequence> nginxSequences() {
    return Stream.of(
        new Sequence(new int[] {5, 1, 1}, "0 0 1 0 2 0 0"), // nginx's a a b a c a a
        new Sequence(new int[] {1, 1, 1}, "0 1 2"),
        new Sequence(new int[] {2, 1}, "0 1 0"),
        new Sequence(new int[] {100, 100}, "0 1"), // reduced by the gcd
        new Sequence(new int[] {0, 3, 0, 1}, "1 1 3 1"),
        new Sequence(new int[] {4, 2, 2}, "0 1 2 0"),
        new Sequence(new int[] {3, 3, 1}, "0 1 2 0 1 0 1"),
        new Sequence(new int[] {0, 0}, ""),
        new Sequence(new int[] {}, ""));
  }

  @ParameterizedTest
  @MethodSource("nginxSequences")
  void buildsNginxSmoothWeightedSequence(Sequence s) {
    assertThat(format(RoundRobinBalancer.smoothWeightedSequence(s.weights))).isEqualTo(s.expected);
  }

  @Test
  void groupedComputationEqualsNginxPerServerAlgorithm() {
    SplittableRandom random = new SplittableRandom(2026);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(40);
      int distinct = 1 + random.nextInt(6);
      int[] palette = random.ints(distinct, 0, 30).toArray();
      int[] weights = new int[n];
      for (int i = 0; i < n; i++) {
        weights[i] = palette[random.nextInt(distinct)];
      }
      assertThat(RoundRobinBalancer.smoothWeightedSequence(weights))
          .as("weights %s", java.util.Arrays.toString(weights))
          .containsExactly(nginx(weights));
    }
  }

  /** nginx's ngx_http_upstream_get_peer over one period, straight from its description. */
  private static int[] nginx(int[] weights) {
    int total = 0;
    int gcd = 0;
    for (int w : weights) {
      total += w;
      gcd = w > 0 ? AbstractBalancer.gcd(gcd, w) : gcd;
    }
    int period = gcd == 0 ? 0 : total / gcd;
    int[] current = new int[weights.length];
    int[] out = new int[period];
    for (int t = 0; t < period; t++) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] == 0) {
          continue;
        }
        current[i] += weights[i];
        if (best < 0 || current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      out[t] = best;
    }
    return out;
  }

  @Test
  void picksFollowTheSmoothSequence() {
    List<TestServer> servers = TestServer.withWeights(5, 1, 1);
    Balancer<TestServer> b =
        Balancer.create(Balance.ROUNDROBIN, servers, () -> new ScriptedRandom(0));
    assertThat(picks(b, 14)).isEqualTo("s0 s0 s1 s0 s2 s0 s0 s0 s0 s1 s0 s2 s0 s0");
  }

  @Test
  void startsAtTheRandomPointOfTheSequence() {
    List<TestServer> servers = TestServer.withWeights(5, 1, 1);
    Balancer<TestServer> b =
        Balancer.create(Balance.ROUNDROBIN, servers, () -> new ScriptedRandom(2));
    assertThat(picks(b, 7)).isEqualTo("s1 s0 s2 s0 s0 s0 s0");
  }

  static Stream<int[]> weightSets() {
    return Stream.of(
        new int[] {1},
        new int[] {1, 1, 1, 1},
        new int[] {5, 1, 1},
        new int[] {256, 1, 128, 3},
        new int[] {100, 100, 50, 0, 25},
        new SplittableRandom(1).ints(50, 0, 257).toArray());
  }

  @ParameterizedTest
  @MethodSource("weightSets")
  void fullCyclesSplitExactlyInWeightProportion(int[] weights) {
    List<TestServer> servers = TestServer.withWeights(weights);
    SplittableRandom seeded = new SplittableRandom(3);
    Balancer<TestServer> b = Balancer.create(Balance.ROUNDROBIN, servers, () -> seeded);
    int period = RoundRobinBalancer.smoothWeightedSequence(weights).length;
    int cycles = 3;
    int[] counts = new int[weights.length];
    for (int i = 0; i < period * cycles; i++) {
      counts[servers.indexOf(b.pick(Ctx.NONE))]++;
    }
    int gcd = 0;
    for (int w : weights) {
      gcd = w > 0 ? AbstractBalancer.gcd(gcd, w) : gcd;
    }
    for (int i = 0; i < weights.length; i++) {
      assertThat(counts[i])
          .as("s%d of weight %d", i, weights[i])
          .isEqualTo(weights[i] / gcd * cycles);
    }
  }

  @Test
  void unavailableServerTurnGoesToTheNextInSequence() {
    List<TestServer> servers = TestServer.withWeights(5, 1, 1);
    Balancer<TestServer> b =
        Balancer.create(Balance.ROUNDROBIN, servers, () -> new ScriptedRandom(0));
    servers.get(0).full();
    // Sequence a a b a c a a with a full: each turn of a falls to the next b or c after it.
    assertThat(picks(b, 7)).isEqualTo("s1 s1 s1 s2 s2 s1 s1");
  }

  @Test
  void turnsOfAFullHeavyServerSpreadOverTheOthersRoughlyByWeight() {
    List<TestServer> servers = TestServer.withWeights(256, 1, 1, 2);
    Balancer<TestServer> b =
        Balancer.create(Balance.ROUNDROBIN, servers, () -> new ScriptedRandom(0));
    servers.get(0).full();
    int[] counts = new int[4];
    for (int i = 0; i < 260 * 4; i++) {
      counts[servers.indexOf(b.pick(Ctx.NONE))]++;
    }
    // Each turn of s0 goes to the server after it in the sequence: [0, 244, 208, 588] against a
    // proportional [0, 260, 260, 520]. Before the walk passed whole runs, s1 took every turn.
    assertThat(counts[0]).isZero();
    assertThat(counts[1]).isBetween(180, 340);
    assertThat(counts[2]).isBetween(180, 340);
    assertThat(counts[3]).isBetween(440, 680);
  }

  @Test
  void largeEqualWeightBackendHasAShortPeriod() {
    List<TestServer> servers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      servers.add(new TestServer("pod-" + i, 100));
    }
    RoundRobinBalancer<TestServer> b = new RoundRobinBalancer<>(servers, new ScriptedRandom(0));
    int[] sequence = b.sequence();
    assertThat(sequence).hasSize(1_000);
    for (int i = 0; i < sequence.length; i++) {
      assertThat(sequence[i]).isEqualTo(i);
    }
  }

  @Test
  void largeMixedWeightBackendHasOnePositionPerWeightUnit() {
    List<TestServer> servers = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < 1_000; i++) {
      int w = 1 + i % 256;
      servers.add(new TestServer("pod-" + i, w));
      total += w;
    }
    RoundRobinBalancer<TestServer> b = new RoundRobinBalancer<>(servers, new ScriptedRandom(0));
    assertThat(b.sequence()).hasSize(total);
  }

  private static String picks(Balancer<TestServer> b, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(b.pick(Ctx.NONE).name());
    }
    return String.join(" ", names);
  }

  private static String format(int[] sequence) {
    return java.util.Arrays.stream(sequence)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(" "));
  }
}
