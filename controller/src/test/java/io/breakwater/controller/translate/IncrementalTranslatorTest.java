package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IncrementalTranslatorTest {
  private static final int APPS = 6;

  /** Apps {@code a0..a5}; a2's Ingress has an invalid annotation; a3's Service has no endpoints. */
  private static ClusterSnapshot cluster() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: breakwater}
            spec: {controller: breakwater.io/ingress-controller}
            """);
    for (int a = 0; a < APPS; a++) {
      yaml.append(
          """
          ---
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata: {name: a%d, namespace: ns, annotations: {%s}}
          spec:
            ingressClassName: breakwater
            rules:
              - host: a%d.test
                http:
                  paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: a%d, port: {number: 80}}}}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: a%d, namespace: ns}
          spec: {ports: [{port: 80, targetPort: 8080}]}
          """
              .formatted(a, a == 2 ? "breakwater.io/retries: lots" : "", a, a, a));
      if (a != 3) {
        yaml.append(
            """
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: a%d-1, namespace: ns, labels: {kubernetes.io/service-name: a%d}}
            addressType: IPv4
            ports: [{port: 8080}]
            endpoints:
              - {addresses: [10.0.%d.1], conditions: {ready: true}, targetRef: {kind: Pod, name: a%d-p1}}
            """
                .formatted(a, a, a, a));
      }
    }
    List<HasMetadata> objects = Manifests.parse(yaml.toString());
    return ClusterSnapshot.of(objects);
  }

  private static ClusterSnapshot withSlices(ClusterSnapshot s, List<EndpointSlice> slices) {
    return new ClusterSnapshot(
        s.ingresses(),
        s.ingressClasses(),
        s.services(),
        slices,
        s.endpoints(),
        s.secrets(),
        s.circuitBreakers(),
        s.retryPolicies());
  }

  private static Endpoint endpoint(int n, boolean ready) {
    return new EndpointBuilder()
        .withAddresses("10.1." + (n >> 8) + "." + (n & 255))
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .withNewTargetRef()
        .withKind("Pod")
        .withName(n % 3 == 0 ? null : "pod-" + n)
        .endTargetRef()
        .build();
  }

  @Test
  void endpointChangesResolveOnlyTheServersAndEqualAWholeTranslation() {
    IncrementalTranslator translator = new IncrementalTranslator();
    ClusterSnapshot s = cluster();
    TranslateOptions options = TranslateOptions.DEFAULT;
    assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    Random random = new Random(7);
    int n = 0;
    for (int round = 0; round < 200; round++) {
      List<EndpointSlice> slices = new ArrayList<>(s.endpointSlices());
      int i = random.nextInt(slices.size());
      List<Endpoint> endpoints = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int e = 0; e < count; e++) {
        endpoints.add(endpoint(n++, random.nextInt(5) > 0));
      }
      slices.set(i, new EndpointSliceBuilder(slices.get(i)).withEndpoints(endpoints).build());
      s = withSlices(s, slices);
      assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    }
    // a2 (an invalid annotation) and a backend whose servers were all gone take whole ones.
    assertThat(translator.fullTranslations() + translator.serverTranslations()).isEqualTo(201);
    assertThat(translator.serverTranslations()).isGreaterThan(120);
  }

  @Test
  void anyOtherChangeIsTranslatedWhole() {
    IncrementalTranslator translator = new IncrementalTranslator();
    ClusterSnapshot s = cluster();
    TranslateOptions options = TranslateOptions.DEFAULT;
    translator.translate(s, options);

    // The same snapshot again: nothing to do.
    assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    assertThat(translator.fullTranslations()).isEqualTo(1);

    // A Service changed (its target port): whole.
    List<io.fabric8.kubernetes.api.model.Service> services = new ArrayList<>(s.services());
    services.set(
        0,
        new ServiceBuilder(services.get(0))
            .editSpec()
            .editFirstPort()
            .withNewTargetPort(9090)
            .endPort()
            .endSpec()
            .build());
    s =
        new ClusterSnapshot(
            s.ingresses(),
            s.ingressClasses(),
            services,
            s.endpointSlices(),
            s.endpoints(),
            s.secrets(),
            s.circuitBreakers(),
            s.retryPolicies());
    assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    assertThat(translator.fullTranslations()).isEqualTo(2);

    // The first endpoints of a3 (a backend without servers so far): whole.
    List<EndpointSlice> slices = new ArrayList<>(s.endpointSlices());
    slices.add(
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("a3-1")
            .withNamespace("ns")
            .addToLabels("kubernetes.io/service-name", "a3")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withPort(8080)
            .endPort()
            .withEndpoints(endpoint(1, true))
            .build());
    s = withSlices(s, slices);
    assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    assertThat(translator.fullTranslations()).isEqualTo(3);

    // Other options: whole.
    TranslateOptions other = options.withDefaults(options.defaults());
    assertThat(translator.translate(s, other)).isEqualTo(Translator.translate(s, other));

    // A slice removed: servers only.
    slices = new ArrayList<>(s.endpointSlices());
    slices.remove(0);
    s = withSlices(s, slices);
    long before = translator.serverTranslations();
    assertThat(translator.translate(s, options)).isEqualTo(Translator.translate(s, options));
    assertThat(translator.serverTranslations()).isEqualTo(before + 1);
  }
}
