package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.model.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watches the controller's KubernetesSource opens, opened with the controller's own identity
 * and RBAC against a real API server: every kind it informs on, cluster-wide; Secrets narrowed to
 * {@value ClusterSnapshot#TLS_SECRET_TYPE} by a field selector, which only a real server applies;
 * and EndpointSlice changes delivered in order, each once.
 */
@ExtendWith(KubeApiServerExtension.class)
class ControllerWatchE2E {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private final KubernetesClient admin;
  private final KubernetesClient controller;
  private final String ns;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  ControllerWatchE2E(KubeApi kube) {
    this.admin = kube.admin();
    this.controller = kube.controller();
    this.ns = kube.createNamespace("watch");
  }

  @AfterEach
  void closeInformers() {
    informers.forEach(SharedIndexInformer::close);
  }

  @Test
  void everyKindTheControllerReadsCanBeInformedOnInAllNamespaces() {
    Map<String, SharedIndexInformer<? extends HasMetadata>> byKind =
        Map.of(
            "Ingress", inform(controller.network().v1().ingresses().inAnyNamespace().inform()),
            "IngressClass", inform(controller.network().v1().ingressClasses().inform()),
            "Service", inform(controller.services().inAnyNamespace().inform()),
            "EndpointSlice",
                inform(controller.discovery().v1().endpointSlices().inAnyNamespace().inform()),
            "Endpoints", inform(controller.endpoints().inAnyNamespace().inform()),
            "Secret",
                inform(
                    controller
                        .secrets()
                        .inAnyNamespace()
                        .withField("type", ClusterSnapshot.TLS_SECRET_TYPE)
                        .inform()),
            "CircuitBreaker", inform(controller.resources(CircuitBreaker.class).inform()),
            "RetryPolicy", inform(controller.resources(RetryPolicy.class).inform()));

    // inform() returns once the first list succeeded: a forbidden list would have thrown.
    byKind.forEach(
        (kind, informer) -> {
          assertThat(informer.hasSynced()).as(kind).isTrue();
          assertThat(informer.isWatching()).as(kind).isTrue();
        });
  }

  @Test
  void aTypeFieldSelectorGivesTheControllerOnlyTlsSecrets() throws InterruptedException {
    BlockingQueue<String> added = new LinkedBlockingQueue<>();
    SharedIndexInformer<Secret> secrets =
        inform(
            controller
                .secrets()
                .inNamespace(ns)
                .withField("type", ClusterSnapshot.TLS_SECRET_TYPE)
                .inform(onAdd(added, s -> s.getMetadata().getName())));

    admin.secrets().inNamespace(ns).resource(opaque("password")).create();
    admin.secrets().inNamespace(ns).resource(tls("web-tls")).create();

    assertThat(added.poll(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("web-tls");
    assertThat(secrets.getStore().listKeys()).containsExactly(ns + "/web-tls");
    assertThat(added).isEmpty();
  }

  @Test
  void endpointSliceChangesArriveInOrderEachOnce() throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    inform(
        controller
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(EndpointSlice s) {
                    events.add("add " + ready(s));
                  }

                  @Override
                  public void onUpdate(EndpointSlice before, EndpointSlice after) {
                    if (!before
                        .getMetadata()
                        .getResourceVersion()
                        .equals(after.getMetadata().getResourceVersion())) {
                      events.add("update " + ready(before) + " -> " + ready(after));
                    }
                  }

                  @Override
                  public void onDelete(EndpointSlice s, boolean finalStateUnknown) {
                    events.add("delete " + ready(s));
                  }
                }));
    var slices = admin.discovery().v1().endpointSlices().inNamespace(ns);

    slices.resource(slice("198.51.100.2")).create();
    for (String addresses : List.of("198.51.100.2,198.51.100.3", "198.51.100.3")) {
      slices
          .withName("web")
          .edit(
              s ->
                  new EndpointSliceBuilder(slice(addresses.split(",")))
                      .withMetadata(s.getMetadata())
                      .build());
    }
    slices.withName("web").delete();

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(events.poll(BOUND.toSeconds(), TimeUnit.SECONDS));
    }
    assertThat(seen)
        .containsExactly(
            "add [198.51.100.2]",
            "update [198.51.100.2] -> [198.51.100.2, 198.51.100.3]",
            "update [198.51.100.2, 198.51.100.3] -> [198.51.100.3]",
            "delete [198.51.100.3]");
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  private static <T> ResourceEventHandler<T> onAdd(
      BlockingQueue<String> into, Function<T, String> what) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        into.add(what.apply(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {}

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private static List<String> ready(EndpointSlice slice) {
    return slice.getEndpoints().stream().map(e -> e.getAddresses().get(0)).toList();
  }

  private static EndpointSlice slice(String... addresses) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("web")
            .addToLabels("kubernetes.io/service-name", "web")
            .endMetadata()
            .withAddressType("IPv4");
    for (String a : addresses) {
      b.addNewEndpoint()
          .withAddresses(a)
          .withNewConditions()
          .withReady(true)
          .endConditions()
          .endEndpoint();
    }
    return b.addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build();
  }

  private static Secret opaque(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withType("Opaque")
        .addToStringData("password", "hunter2")
        .build();
  }

  /** A kubernetes.io/tls Secret; the API server checks only that both keys are there. */
  private static Secret tls(String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withType(ClusterSnapshot.TLS_SECRET_TYPE)
        .addToStringData("tls.crt", "not checked by the API server")
        .addToStringData("tls.key", "not checked by the API server")
        .build();
  }
}
