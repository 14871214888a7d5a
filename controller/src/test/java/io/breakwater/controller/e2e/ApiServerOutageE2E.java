package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the controller's informers do when the API server goes away and comes back (etcd, and so the
 * cluster's state, staying): the informer keeps its cache meanwhile, reconnects by itself, and
 * delivers the first change made after the restart — without presenting the objects it already had
 * as changed.
 */
@ExtendWith(KubeApiServerExtension.class)
class ApiServerOutageE2E {

  /** fabric8 retries a broken watch with exponential backoff capped at 32 s. */
  private static final Duration RECONNECT_BOUND = Duration.ofSeconds(90);

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void anInformerKeepsItsCacheThroughAnOutageAndSeesTheFirstChangeAfter(KubeApi kube)
      throws IOException, InterruptedException {
    String ns = kube.createNamespace("outage");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    var slices = kube.admin().discovery().v1().endpointSlices().inNamespace(ns);
    slices.resource(slice("198.51.100.1", null)).create();

    try (SharedIndexInformer<EndpointSlice> informer =
        kube.controller()
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(ns)
            .inform(recorder(events))) {
      assertThat(events.poll(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("add 198.51.100.1");

      kube.stopApiServer();
      try {
        // Down: the cache is what the controller keeps translating from.
        assertThat(informer.getStore().list())
            .extracting(ApiServerOutageE2E::address)
            .containsExactly("198.51.100.1");
      } finally {
        kube.startApiServer();
      }
      EndpointSlice current = slices.withName("web").get();
      slices.resource(slice("198.51.100.2", current.getMetadata().getResourceVersion())).update();

      assertThat(events.poll(RECONNECT_BOUND.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("update 198.51.100.1 -> 198.51.100.2");
      assertThat(informer.getStore().list())
          .extracting(ApiServerOutageE2E::address)
          .containsExactly("198.51.100.2");
      assertThat(events).isEmpty();
    }
  }

  /** Records adds, deletes and real updates; a relist's same-version update is not a change. */
  private static ResourceEventHandler<EndpointSlice> recorder(BlockingQueue<String> events) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice s) {
        events.add("add " + address(s));
      }

      @Override
      public void onUpdate(EndpointSlice before, EndpointSlice after) {
        if (!before
            .getMetadata()
            .getResourceVersion()
            .equals(after.getMetadata().getResourceVersion())) {
          events.add("update " + address(before) + " -> " + address(after));
        }
      }

      @Override
      public void onDelete(EndpointSlice s, boolean finalStateUnknown) {
        events.add("delete " + address(s));
      }
    };
  }

  private static String address(EndpointSlice slice) {
    return slice.getEndpoints().get(0).getAddresses().get(0);
  }

  private static EndpointSlice slice(String address, String resourceVersion) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName("web")
        .withResourceVersion(resourceVersion)
        .addToLabels("kubernetes.io/service-name", "web")
        .endMetadata()
        .withAddressType("IPv4")
        .withEndpoints(
            List.of(
                new EndpointBuilder()
                    .withAddresses(address)
                    .withNewConditions()
                    .withReady(true)
                    .endConditions()
                    .build()))
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort()
        .build();
  }
}
