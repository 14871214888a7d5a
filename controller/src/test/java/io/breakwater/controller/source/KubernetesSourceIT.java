package io.breakwater.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.translate.EndpointsMode;
import io.breakwater.dataplane.testing.Await;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Informers against fabric8's CRUD mock API server: what they list and what they signal. */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubernetesSourceIT {
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
      metadata: {name: web, namespace: shop}
      spec:
        ingressClassName: breakwater
        defaultBackend: {service: {name: web, port: {number: 80}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: elsewhere, namespace: other}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      ports: [{port: 8080}]
      endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: tls, namespace: shop}
      type: kubernetes.io/tls
      stringData: {tls.crt: x, tls.key: y}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: password, namespace: shop}
      type: Opaque
      stringData: {password: hunter2}
      ---
      apiVersion: breakwater.io/v1alpha1
      kind: CircuitBreaker
      metadata: {name: web, namespace: shop}
      spec: {targetRef: {kind: Service, name: web}}
      """;

  private void create(String yaml) {
    for (HasMetadata o : Manifests.parse(yaml)) {
      client.resource(o).create();
    }
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .toList();
  }

  @Test
  void listsEveryKindOfTheWatchedNamespacesAndSignalsChanges() {
    create(CLUSTER);
    AtomicInteger changes = new AtomicInteger();
    try (KubernetesSource source =
        new KubernetesSource(client, Set.of("shop"), EndpointsMode.ENDPOINT_SLICES)) {
      source.start(changes::incrementAndGet);
      Await.until(source::ready, Duration.ofSeconds(30));

      ClusterSnapshot s = source.snapshot();
      assertThat(names(s.ingressClasses())).containsExactly("null/breakwater");
      assertThat(names(s.ingresses())).containsExactly("shop/web");
      assertThat(names(s.services())).containsExactly("shop/web");
      assertThat(names(s.endpointSlices())).containsExactly("shop/web-1");
      assertThat(names(s.secrets())).containsExactly("shop/tls");
      Await.until(() -> source.snapshot().circuitBreakers().size() == 1, Duration.ofSeconds(30));

      int before = changes.get();
      EndpointSlice slice = s.endpointSlices().get(0);
      client
          .discovery()
          .v1()
          .endpointSlices()
          .inNamespace("shop")
          .withName("web-1")
          .edit(
              e -> {
                e.getEndpoints().get(0).setAddresses(List.of("10.0.0.2"));
                return e;
              });
      Await.until(() -> changes.get() > before, Duration.ofSeconds(30));
      Await.until(
          () ->
              source
                  .snapshot()
                  .endpointSlices()
                  .get(0)
                  .getEndpoints()
                  .get(0)
                  .getAddresses()
                  .equals(List.of("10.0.0.2")),
          Duration.ofSeconds(30));
      assertThat(slice.getEndpoints().get(0).getAddresses()).containsExactly("10.0.0.1");
    }
  }

  @Test
  void theEndpointsModeWatchesEndpointsInsteadOfSlices() {
    create(CLUSTER);
    create(
        """
        apiVersion: v1
        kind: Endpoints
        metadata: {name: web, namespace: shop}
        subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 8080}]}]
        """);
    try (KubernetesSource source =
        new KubernetesSource(client, Set.of(), EndpointsMode.ENDPOINTS)) {
      source.start(() -> {});
      Await.until(source::ready, Duration.ofSeconds(30));
      ClusterSnapshot s = source.snapshot();
      assertThat(names(s.endpoints())).containsExactly("shop/web");
      assertThat(s.endpointSlices()).isEmpty();
      assertThat(names(s.services())).containsExactly("other/elsewhere", "shop/web");
      assertThat(s.secrets()).extracting(Secret::getType).containsOnly("kubernetes.io/tls");
    }
  }

  /**
   * Slices created, edited and deleted in several namespaces while the source runs: once the events
   * are in, its snapshot holds exactly what the API server holds, sorted as a full sort would.
   */
  @Test
  void aSnapshotAfterManyChangesEqualsAFullSortOfTheCluster() {
    create(CLUSTER);
    AtomicInteger changes = new AtomicInteger();
    try (KubernetesSource source =
        new KubernetesSource(client, Set.of(), EndpointsMode.ENDPOINT_SLICES)) {
      source.start(changes::incrementAndGet);
      Await.until(source::ready, Duration.ofSeconds(30));
      source.snapshot(); // the first, full list; the rest arrives as changes
      java.util.Random random = new java.util.Random(3);
      var slices = client.discovery().v1().endpointSlices();
      for (int i = 0; i < 60; i++) {
        String ns = "ns-" + random.nextInt(3);
        String name = "s-" + random.nextInt(12);
        var one = slices.inNamespace(ns).withName(name);
        EndpointSlice now = one.get();
        if (now == null) {
          create(
              """
              apiVersion: discovery.k8s.io/v1
              kind: EndpointSlice
              metadata: {name: %s, namespace: %s}
              addressType: IPv4
              endpoints: [{addresses: [10.0.0.%d]}]
              """
                  .formatted(name, ns, i));
        } else if (random.nextBoolean()) {
          one.delete();
        } else {
          int n = i;
          one.edit(
              e -> {
                e.getEndpoints().get(0).setAddresses(List.of("10.0.1." + n));
                return e;
              });
        }
        if (i % 20 == 0) {
          source.snapshot(); // taken between changes, as syncs are
        }
      }
      List<String> expected =
          slices.inAnyNamespace().list().getItems().stream()
              .sorted(SortedObjects.ORDER)
              .map(KubernetesSourceIT::nameAndVersion)
              .toList();
      Await.until(
          () ->
              source.snapshot().endpointSlices().stream()
                  .map(KubernetesSourceIT::nameAndVersion)
                  .toList()
                  .equals(expected),
          Duration.ofSeconds(30));
    }
  }

  private static String nameAndVersion(HasMetadata o) {
    return o.getMetadata().getNamespace()
        + "/"
        + o.getMetadata().getName()
        + "@"
        + o.getMetadata().getResourceVersion();
  }
}
