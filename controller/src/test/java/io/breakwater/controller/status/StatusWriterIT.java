package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.PolicyStatus;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.Translation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * StatusWriter against the fabric8 CRUD mock API server: what it writes, that it writes only what
 * changed, and that only a leader writes. The mock proves the wiring (requests, merge patches on
 * /status, resourceVersion conflicts), not the API server's own semantics.
 */
@EnableKubernetesMockClient(crud = true)
class StatusWriterIT {

  // Instance fields: a fresh mock API server for every test.
  KubernetesMockServer server;
  KubernetesClient client;

  private static final String CLUSTER =
      """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: breakwater}
      spec: {controller: breakwater.io/ingress-controller}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: shop, namespace: shop}
      spec:
        ingressClassName: breakwater
        rules:
          - host: shop.example.com
            http:
              paths:
                - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: foreign, namespace: shop}
      spec:
        ingressClassName: other
        rules:
          - host: other.example.com
            http:
              paths:
                - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: shop}
      spec:
        ports: [{port: 80}]
      ---
      apiVersion: breakwater.io/v1alpha1
      kind: CircuitBreaker
      metadata: {name: breaker, namespace: shop}
      spec:
        targetRef: {kind: Service, name: api}
      ---
      apiVersion: breakwater.io/v1alpha1
      kind: RetryPolicy
      metadata: {name: lost, namespace: shop}
      spec:
        targetRef: {kind: Service, name: gone}
      """;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private TestCluster cluster;
  private StatusWriter writer;

  @BeforeEach
  void createCluster() {
    cluster = new TestCluster(client).withCrds().apply(CLUSTER);
  }

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
  }

  @Test
  void writesPublishAddressesToServedIngressesOnly() throws Exception {
    writer =
        new StatusWriter(
            client,
            LeaderElection.always(),
            AddressSource.fixed(LoadBalancerAddress.parseList("203.0.113.7,lb.example.com")),
            clock);

    sync(Outcome.FULL);

    assertThat(addresses("shop"))
        .extracting(IngressLoadBalancerIngress::getIp, IngressLoadBalancerIngress::getHostname)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("203.0.113.7", null),
            org.assertj.core.groups.Tuple.tuple(null, "lb.example.com"));
    assertThat(addresses("foreign")).isEmpty();
  }

  @Test
  void writesThePublishServiceLoadBalancerAddress() throws Exception {
    client
        .services()
        .inNamespace("ingress")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("breakwater")
                .withNamespace("ingress")
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withClusterIP("10.96.0.10")
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("198.51.100.1")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build())
        .create();
    try (ServiceAddressSource source = ServiceAddressSource.watch(client, "ingress/breakwater")) {
      awaitAddresses(source);
      writer = new StatusWriter(client, LeaderElection.always(), source, clock);

      sync(Outcome.FULL);

      assertThat(addresses("shop"))
          .extracting(IngressLoadBalancerIngress::getIp)
          .containsExactly("198.51.100.1");
    }
  }

  @Test
  void doesNotRewriteAnUnchangedStatus() throws Exception {
    writer =
        new StatusWriter(
            client,
            LeaderElection.always(),
            AddressSource.fixed(LoadBalancerAddress.parseList("203.0.113.7")),
            clock);
    sync(Outcome.FULL);
    long patches = writer.patches();
    String ingressVersion = ingress("shop").getMetadata().getResourceVersion();
    String breakerVersion = breaker().getMetadata().getResourceVersion();
    assertThat(patches).isEqualTo(3); // the Ingress, the CircuitBreaker, the RetryPolicy

    clock.advance(Duration.ofMinutes(5));
    sync(Outcome.NOOP); // a fresh snapshot, now holding what was written
    // A snapshot older than the writes (the informers had not caught up) is no reason either.
    writer.onSync(staleSnapshot, staleTranslation, Outcome.NOOP, Duration.ZERO, -1, null);
    writer.flush().get(10, TimeUnit.SECONDS);

    assertThat(writer.patches()).isEqualTo(patches);
    assertThat(ingress("shop").getMetadata().getResourceVersion()).isEqualTo(ingressVersion);
    assertThat(breaker().getMetadata().getResourceVersion()).isEqualTo(breakerVersion);
  }

  @Test
  void writesAcceptedAndProgrammedWithObservedGeneration() throws Exception {
    writer =
        new StatusWriter(client, LeaderElection.always(), AddressSource.fixed(List.of()), clock);

    sync(Outcome.SERVERS);

    PolicyStatus breaker = breaker().getStatus();
    long generation = breaker().getMetadata().getGeneration();
    assertThat(breaker.observedGeneration()).isEqualTo(generation);
    assertThat(breaker.conditions())
        .extracting(
            Condition::getType,
            Condition::getStatus,
            Condition::getReason,
            Condition::getObservedGeneration,
            Condition::getLastTransitionTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Accepted", "True", "Accepted", generation, "2026-11-01T10:00:00Z"),
            org.assertj.core.groups.Tuple.tuple(
                "Programmed", "True", "Programmed", generation, "2026-11-01T10:00:00Z"));
    assertThat(retryPolicy().getStatus().conditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Accepted", "False", "TargetNotFound"),
            org.assertj.core.groups.Tuple.tuple("Programmed", "False", "NotAccepted"));
  }

  @Test
  void keepsTransitionTimesUntilAConditionChanges() throws Exception {
    writer =
        new StatusWriter(client, LeaderElection.always(), AddressSource.fixed(List.of()), clock);
    sync(Outcome.FULL);

    clock.advance(Duration.ofMinutes(1));
    sync(Outcome.FAILED);
    assertThat(breaker().getStatus().conditions())
        .extracting(
            Condition::getType,
            Condition::getStatus,
            Condition::getReason,
            Condition::getLastTransitionTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Accepted", "True", "Accepted", "2026-11-01T10:00:00Z"),
            org.assertj.core.groups.Tuple.tuple(
                "Programmed", "False", "ApplyFailed", "2026-11-01T10:01:00Z"));

    clock.advance(Duration.ofMinutes(1));
    sync(Outcome.NOOP);
    assertThat(breaker().getStatus().conditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getLastTransitionTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Accepted", "True", "2026-11-01T10:00:00Z"),
            org.assertj.core.groups.Tuple.tuple("Programmed", "True", "2026-11-01T10:02:00Z"));
  }

  @Test
  void rereadsAndRetriesOnAConflict() throws Exception {
    writer =
        new StatusWriter(
            client,
            LeaderElection.always(),
            AddressSource.fixed(LoadBalancerAddress.parseList("203.0.113.7")),
            clock);
    ClusterSnapshot before = cluster.snapshot();
    // Someone else changes the Ingress after the snapshot was taken: its version moves on.
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace("shop")
        .withName("shop")
        .edit(
            i -> {
              i.getMetadata().setLabels(java.util.Map.of("team", "web"));
              return i;
            });

    writer.onSync(before, TestCluster.translate(before), Outcome.FULL, Duration.ZERO, -1, null);
    writer.flush().get(10, TimeUnit.SECONDS);

    assertThat(addresses("shop"))
        .extracting(IngressLoadBalancerIngress::getIp)
        .containsExactly("203.0.113.7");
    assertThat(ingress("shop").getMetadata().getLabels()).containsEntry("team", "web");
  }

  @Test
  void removesOurAddressesFromAnIngressNoLongerServed() throws Exception {
    writer =
        new StatusWriter(
            client,
            LeaderElection.always(),
            AddressSource.fixed(LoadBalancerAddress.parseList("203.0.113.7")),
            clock);
    sync(Outcome.FULL);
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace("shop")
        .withName("shop")
        .edit(
            i -> {
              i.getSpec().setIngressClassName("other");
              return i;
            });
    // Another controller's address on the foreign Ingress is not ours to remove.
    client
        .network()
        .v1()
        .ingresses()
        .inNamespace("shop")
        .withName("foreign")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.99\"}]}}}");

    sync(Outcome.FULL);

    assertThat(addresses("shop")).isEmpty();
    assertThat(addresses("foreign"))
        .extracting(IngressLoadBalancerIngress::getIp)
        .containsExactly("192.0.2.99");
  }

  @Test
  void aReplicaThatIsNotTheLeaderWritesNothing() throws Exception {
    LeaderElection follower =
        LeaderElection.lease(client, settings("follower"), new HeldElsewhere());
    writer =
        new StatusWriter(
            client,
            follower,
            AddressSource.fixed(LoadBalancerAddress.parseList("203.0.113.7")),
            clock);

    sync(Outcome.FULL);

    assertThat(writer.patches()).isZero();
    assertThat(addresses("shop")).isEmpty();
    assertThat(breaker().getStatus()).isNull();
  }

  private ClusterSnapshot staleSnapshot;
  private Translation staleTranslation;

  private void sync(Outcome outcome) throws Exception {
    ClusterSnapshot s = cluster.snapshot();
    if (staleSnapshot == null) {
      staleSnapshot = s;
      staleTranslation = TestCluster.translate(s);
    }
    writer.onSync(
        s,
        TestCluster.translate(s),
        outcome,
        Duration.ofMillis(3),
        -1,
        outcome == Outcome.FAILED ? new IllegalStateException("dataplane unreachable") : null);
    writer.flush().get(10, TimeUnit.SECONDS);
  }

  private Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace("shop").withName(name).get();
  }

  private List<IngressLoadBalancerIngress> addresses(String name) {
    Ingress i = ingress(name);
    if (i.getStatus() == null || i.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    List<IngressLoadBalancerIngress> list = i.getStatus().getLoadBalancer().getIngress();
    return list == null ? List.of() : list;
  }

  private CircuitBreaker breaker() {
    return client.resources(CircuitBreaker.class).inNamespace("shop").withName("breaker").get();
  }

  private RetryPolicy retryPolicy() {
    return client.resources(RetryPolicy.class).inNamespace("shop").withName("lost").get();
  }

  static LeaderElection.Settings settings(String identity) {
    return new LeaderElection.Settings(
        "breakwater-leader",
        "default",
        identity,
        Duration.ofMillis(1500),
        Duration.ofMillis(1000),
        Duration.ofMillis(100));
  }

  private static void awaitAddresses(AddressSource source) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
    source.onChange(changed::countDown);
    if (source.addresses().isEmpty()) {
      changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
    assertThat(source.addresses()).isPresent();
  }
}
