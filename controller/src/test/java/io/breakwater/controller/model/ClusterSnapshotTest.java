package io.breakwater.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

  @Test
  void sortsObjectsByKindAndKeepsOnlyWhatTranslationReads() {
    Ingress ingress = new IngressBuilder().withNewMetadata().withName("i").endMetadata().build();
    Secret tls =
        new SecretBuilder()
            .withNewMetadata()
            .withName("tls")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .build();
    HasMetadata opaque =
        new SecretBuilder()
            .withNewMetadata()
            .withName("password")
            .endMetadata()
            .withType("Opaque")
            .build();
    HasMetadata configMap =
        new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();
    CircuitBreaker cb = new CircuitBreaker();
    RetryPolicy rp = new RetryPolicy();
    List<HasMetadata> objects =
        List.of(
            ingress,
            new IngressClassBuilder().withNewMetadata().withName("c").endMetadata().build(),
            new ServiceBuilder().withNewMetadata().withName("s").endMetadata().build(),
            new EndpointSliceBuilder().withNewMetadata().withName("e").endMetadata().build(),
            new EndpointsBuilder().withNewMetadata().withName("s").endMetadata().build(),
            tls,
            opaque,
            configMap,
            cb,
            rp);

    ClusterSnapshot s = ClusterSnapshot.of(objects);

    assertThat(s.ingresses()).containsExactly(ingress);
    assertThat(s.ingressClasses()).hasSize(1);
    assertThat(s.services()).hasSize(1);
    assertThat(s.endpointSlices()).hasSize(1);
    assertThat(s.endpoints()).hasSize(1);
    assertThat(s.secrets()).containsExactly(tls);
    assertThat(s.circuitBreakers()).containsExactly(cb);
    assertThat(s.retryPolicies()).containsExactly(rp);
  }

  @Test
  void snapshotsOfEqualObjectsAreEqual() {
    assertThat(ClusterSnapshot.of(List.of(svc("a"), svc("b"))))
        .isEqualTo(ClusterSnapshot.of(List.of(svc("a"), svc("b"))))
        .isNotEqualTo(ClusterSnapshot.of(List.of(svc("a"))));
    assertThat(ClusterSnapshot.EMPTY.services()).isEmpty();
  }

  @Test
  void refersToObjectsInTheDefaultNamespaceWhenTheyNameNone() {
    assertThat(ObjectRef.of(svc("a"))).isEqualTo(new ObjectRef("Service", "default", "a"));
    assertThat(new ObjectRef("Service", "shop", "a")).hasToString("Service shop/a");
  }

  private static HasMetadata svc(String name) {
    return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }
}
