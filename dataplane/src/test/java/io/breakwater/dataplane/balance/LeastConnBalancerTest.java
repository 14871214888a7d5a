package io.breakwater.dataplane.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Balance;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeastConnBalancerTest {

  /** Servers with these weights and active counts; the first pick (rotation at 0) is expected. */
  record Case(String name, int[] weights, int[] active, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("fewest active", new int[] {1, 1, 1}, new int[] {3, 1, 2}, "s1"),
        new Case("idle server wins", new int[] {1, 1, 1}, new int[] {3, 0, 2}, "s1"),
        new Case("relative to weight", new int[] {4, 1}, new int[] {4, 2}, "s0"),
        new Case("heavier server holds more", new int[] {1, 3}, new int[] {1, 2}, "s1"),
        new Case("ratio tie: first in rotation", new int[] {2, 1}, new int[] {4, 2}, "s0"),
        new Case("weight 0 ignored even when idle", new int[] {0, 1}, new int[] {0, 9}, "s1"),
        new Case(
            "products beyond int range", new int[] {1, 256}, new int[] {1 << 30, 1_000_000}, "s1"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void picksFewestActiveRelativeToWeight(Case c) {
    List<TestServer> servers = TestServer.withWeights(c.weights);
    for (int i = 0; i < servers.size(); i++) {
      servers.get(i).active(c.active[i]);
    }
    Balancer<TestServer> b =
        Balancer.create(Balance.LEASTCONN, servers, () -> new ScriptedRandom(0));
    assertThat(b.pick(Ctx.NONE).name()).isEqualTo(c.expected);
  }

  @Test
  void equallyLoadedServersTakeTurns() {
    List<TestServer> servers = TestServer.withWeights(1, 1, 1);
    servers.forEach(s -> s.active(3));
    Balancer<TestServer> b =
        Balancer.create(Balance.LEASTCONN, servers, () -> new ScriptedRandom(0));
    assertThat(picks(b, 6)).containsExactly("s0", "s1", "s2", "s0", "s1", "s2");
  }

  @Test
  void idleServersTakeTurns() {
    List<TestServer> servers = TestServer.withWeights(1, 5, 1);
    Balancer<TestServer> b =
        Balancer.create(Balance.LEASTCONN, servers, () -> new ScriptedRandom(1));
    assertThat(picks(b, 4)).containsExactly("s1", "s2", "s0", "s1");
  }

  @Test
  void tiesRotateAmongTheLeastLoadedOnly() {
    List<TestServer> servers = TestServer.withWeights(1, 1, 1, 1);
    servers.get(0).active(5);
    servers.get(1).active(2);
    servers.get(2).active(9);
    servers.get(3).active(2);
    Balancer<TestServer> b =
        Balancer.create(Balance.LEASTCONN, servers, () -> new ScriptedRandom(0));
    assertThat(picks(b, 4)).containsExactly("s1", "s1", "s3", "s3");
  }

  @Test
  void followsActiveCountsAsTheyChange() {
    List<TestServer> servers = TestServer.withWeights(1, 1);
    Balancer<TestServer> b =
        Balancer.create(Balance.LEASTCONN, servers, () -> new ScriptedRandom(0));
    // Each pick starts a request on the chosen server: load stays balanced.
    for (int i = 0; i < 100; i++) {
      TestServer s = b.pick(Ctx.NONE);
      s.active(s.active() + 1);
    }
    assertThat(servers.get(0).active()).isEqualTo(50);
    assertThat(servers.get(1).active()).isEqualTo(50);
  }

  private static List<String> picks(Balancer<TestServer> b, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(b.pick(Ctx.NONE).name());
    }
    return names;
  }
}
