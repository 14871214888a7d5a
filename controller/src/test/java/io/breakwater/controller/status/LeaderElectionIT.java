package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.testing.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas elect a leader on a {@code coordination.k8s.io/v1} Lease in the fabric8 CRUD mock
 * API server: exactly one leads, and when it leaves the other takes over. Timings are short (lease
 * 1.5 s, renew 1 s, retry 100 ms); every wait is bounded.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

  private static final Duration BOUND = Duration.ofSeconds(15);

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<LeaderElection> elections = new CopyOnWriteArrayList<>();

  @AfterEach
  void leave() {
    elections.forEach(LeaderElection::close);
  }

  @Test
  void oneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItLeaves() throws Exception {
    List<String> changesA = new CopyOnWriteArrayList<>();
    List<String> changesB = new CopyOnWriteArrayList<>();
    LeaderElection a = elect("replica-a", changesA);
    LeaderElection b = elect("replica-b", changesB);

    await(() -> a.isLeader() || b.isLeader(), "a leader is elected");
    LeaderElection leader = a.isLeader() ? a : b;
    LeaderElection follower = leader == a ? b : a;
    assertThat(follower.isLeader()).isFalse();
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.identity());

    leader.close();

    assertThat(leader.isLeader()).isFalse();
    await(follower::isLeader, "the other replica takes over");
    await(
        () -> follower.identity().equals(lease().getSpec().getHolderIdentity()),
        "the Lease names the new leader");
    List<String> leaderChanges = leader == a ? changesA : changesB;
    List<String> followerChanges = leader == a ? changesB : changesA;
    assertThat(leaderChanges).containsExactly("started", "stopped");
    assertThat(followerChanges).containsExactly("started");
  }

  @Test
  void withoutLeaderElectionThisReplicaAlwaysLeads() {
    LeaderElection always = LeaderElection.always().start();

    assertThat(always.isLeader()).isTrue();
    assertThat(always.identity()).isNull();
    assertThat(client.leases().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void settingsTakeTheIdentityAndNamespaceFromThePod() {
    LeaderElection.Settings s =
        LeaderElection.Settings.of(
            null,
            null,
            "from-client",
            java.util.Map.of("POD_NAME", "bw-0", "POD_NAMESPACE", "ing"));

    assertThat(s.leaseName()).isEqualTo(LeaderElection.DEFAULT_LEASE_NAME);
    assertThat(s.namespace()).isEqualTo("ing");
    assertThat(s.identity()).matches("bw-0_[0-9a-f]{8}");
    assertThat(LeaderElection.Settings.of("x", null, "from-client", java.util.Map.of()).namespace())
        .isEqualTo("from-client");
  }

  private LeaderElection elect(String identity, List<String> changes) {
    LeaderElection e =
        LeaderElection.lease(
            client,
            new LeaderElection.Settings(
                "breakwater-leader",
                "ingress",
                identity,
                Duration.ofMillis(1500),
                Duration.ofMillis(1000),
                Duration.ofMillis(100)));
    e.addListener(now -> changes.add(now ? "started" : "stopped"));
    elections.add(e);
    return e.start();
  }

  private Lease lease() {
    return client.leases().inNamespace("ingress").withName("breakwater-leader").get();
  }

  private static void await(BooleanSupplier condition, String what) {
    try {
      Await.until(condition, BOUND);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }
}
