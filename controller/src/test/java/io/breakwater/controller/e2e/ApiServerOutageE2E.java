package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.sync.SyncLoop;
import io.breakwater.controller.testing.TestManifests;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the controller does when the API server goes away and comes back (etcd, and so the cluster's
 * state, staying). Its informers keep their cache meanwhile, reconnect by themselves, and deliver
 * the first change made after the restart — without presenting the objects they already had as
 * changed. And the whole controller, driving a dataplane under load ({@link TrafficRig}): traffic
 * keeps flowing on the last config through a 20 s outage, and changes made after the restart are
 * applied.
 */
@ExtendWith(KubeApiServerExtension.class)
class ApiServerOutageE2E {

  /** fabric8 retries a broken watch with exponential backoff capped at 32 s. */
  private static final Duration RECONNECT_BOUND = Duration.ofSeconds(90);

  private static final Duration BOUND = Duration.ofSeconds(30);

  /** The outage under load. */
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  /** The longest the load may go without a successful request during the outage. */
  private static final Duration STALL = Duration.ofSeconds(5);

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

  @Test
  @Timeout(300)
  void trafficFlowsThroughA20sOutageAndTheControllerAppliesWhatChangesAfterIt(
      KubeApi kube, @TempDir Path dir) throws IOException {
    try (TrafficRig rig = TrafficRig.start(kube, kube.createNamespace("outage-load"), dir, 2)) {
      rig.apply(
          TestManifests.INGRESS_CLASS
              + TrafficRig.ingress("web", "web.test", "web")
              + TrafficRig.service("web")
              + rig.slice("web", "web-0", 0));
      TrafficRig.Controller controller = rig.startController(SyncLoop.Settings.DEFAULT);
      Await.until("web.test answered by e0", BOUND, () -> rig.get("web.test").equals("200 e0"));

      try (Load load = Load.start(rig.port, "web.test", 3)) {
        load.awaitMore(100, BOUND);
        long version = rig.dataplane.version();
        long during;
        kube.stopApiServer();
        try {
          // Down: the dataplane serves its last config; the controller's periodic syncs
          // translate its informers' caches and change nothing.
          long before = load.ok();
          load.keepsFlowingFor(OUTAGE, STALL);
          during = load.ok() - before;
          assertThat(rig.dataplane.version()).isEqualTo(version);
        } finally {
          kube.startApiServer();
        }
        // Changed after the restart: the Service's endpoint moves to e1, and a new Ingress.
        rig.apply(rig.slice("web", "web-0", 1) + TrafficRig.ingress("api", "api.test", "web"));
        long changed = System.nanoTime();
        Await.until(
            "the controller reconnected and applied the changes",
            RECONNECT_BOUND,
            () -> rig.get("api.test").equals("200 e1") && rig.get("web.test").equals("200 e1"));
        long applied = System.nanoTime();
        load.awaitMore(100, BOUND);
        load.close();

        assertThat(load.failures()).isEmpty();
        assertThat(load.answeredBy()).containsOnlyKeys("e0", "e1");
        assertThat(controller.outcomes).doesNotContain(Outcome.FAILED);
        System.out.printf(
            Locale.ROOT,
            "[e2e] API server outage: %d s under load, %d requests served through it, 0 failed;"
                + " changes made after the restart applied %d ms later%n",
            OUTAGE.toSeconds(),
            during,
            TimeUnit.NANOSECONDS.toMillis(applied - changed));
      }
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
