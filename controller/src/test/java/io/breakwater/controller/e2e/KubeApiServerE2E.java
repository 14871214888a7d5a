package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.PolicyStatus;
import io.breakwater.controller.crd.RetryPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The harness itself against a real API server: its version, the CRDs of crds/ served with their
 * schemas and status subresource, and watches that behave as the server's (from a resourceVersion,
 * no replay) — the things fabric8's mock server only imitates.
 */
@ExtendWith(KubeApiServerExtension.class)
class KubeApiServerE2E {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private final KubeApi kube;
  private final KubernetesClient admin;
  private final String ns;

  KubeApiServerE2E(KubeApi kube) {
    this.kube = kube;
    this.admin = kube.admin();
    this.ns = kube.createNamespace("api");
  }

  @Test
  void reportsTheKubernetesReleaseItRuns() {
    VersionInfo version = admin.getKubernetesVersion();

    assertThat(version.getMajor()).as(kube.description()).isEqualTo("1");
    assertThat(version.getMinor()).matches("\\d+\\+?");
    assertThat(version.getGitVersion())
        .startsWith("v1." + version.getMinor().replace("+", "") + ".")
        .doesNotContain("master");
  }

  @Test
  void servesTheCrdsOfTheRepository() {
    for (String name : List.of("circuitbreakers.breakwater.io", "retrypolicies.breakwater.io")) {
      assertThat(
              KubeApiServerExtension.established(
                  admin.apiextensions().v1().customResourceDefinitions().withName(name).get()))
          .as(name)
          .isTrue();
    }
  }

  @Test
  void storesACircuitBreakerAndItsStatusApart() {
    CircuitBreaker breaker =
        Serialization.unmarshal(
            """
            apiVersion: breakwater.io/v1alpha1
            kind: CircuitBreaker
            metadata: {name: api}
            spec:
              targetRef: {kind: Service, name: api, port: 8080}
              scope: backend
              windowType: count
              windowSize: 50
              failureRateThreshold: 40
              openDuration: 15s
              maxOpenDuration: 2m
              maxRequests: 200
            """,
            CircuitBreaker.class);
    var breakers = admin.resources(CircuitBreaker.class).inNamespace(ns);

    CircuitBreaker created = breakers.resource(breaker).create();
    CircuitBreaker read = breakers.withName("api").get();

    assertThat(read.getSpec()).isEqualTo(breaker.getSpec());
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    read.setStatus(new PolicyStatus(List.of(accepted(1L)), 1L));
    breakers.resource(read).updateStatus();
    CircuitBreaker withStatus = breakers.withName("api").get();

    assertThat(withStatus.getStatus().conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getType()).isEqualTo(PolicyStatus.ACCEPTED));
    // The status subresource: writing status is not a change of the spec.
    assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(withStatus.getSpec()).isEqualTo(breaker.getSpec());
  }

  @Test
  void storesARetryPolicy() {
    RetryPolicy policy =
        Serialization.unmarshal(
            """
            apiVersion: breakwater.io/v1alpha1
            kind: RetryPolicy
            metadata: {name: api}
            spec:
              targetRef: {kind: Service, name: api}
              attempts: 2
              retryOn: [conn-failure, "503"]
              perTryTimeout: 2s
              backoff: {base: 25ms, max: 250ms, jitter: 50}
            """,
            RetryPolicy.class);
    var policies = admin.resources(RetryPolicy.class).inNamespace(ns);

    policies.resource(policy).create();

    assertThat(policies.withName("api").get().getSpec()).isEqualTo(policy.getSpec());
    assertThat(policies.list().getItems()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          failureRateThreshold | 101        | should be less than or equal to 100
          failureRateThreshold | 0          | should be greater than or equal to 1
          maxConnections       | -1         | should be greater than or equal to 0
          window               | 10 seconds | should match
          scope                | cluster    | Unsupported value
          """)
  void rejectsACircuitBreakerOutsideItsSchemaNamingTheField(
      String field, String value, String complaint) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("targetRef", Map.of("kind", "Service", "name", "api"));
    spec.put(field, value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value);
    assertRejected("CircuitBreaker", spec, "spec." + field, complaint);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          attempts      | 101       | should be less than or equal to 100
          attempts      | -1        | should be greater than or equal to 0
          perTryTimeout | 2 seconds | should match
          bufferLimit   | 99999999  | should be less than or equal to 16777216
          """)
  void rejectsARetryPolicyOutsideItsSchemaNamingTheField(
      String field, String value, String complaint) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("targetRef", Map.of("kind", "Service", "name", "api"));
    spec.put(field, value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value);
    assertRejected("RetryPolicy", spec, "spec." + field, complaint);
  }

  @Test
  void rejectsATargetOfAnotherKindWithTheAllowedValues() {
    Map<String, Object> spec = Map.of("targetRef", Map.of("kind", "Pod", "name", "api"));

    assertRejected("RetryPolicy", spec, "spec.targetRef.kind", "supported values: \"Service\"");
  }

  @Test
  void refusesALoopbackEndpointAddress() {
    var slices = admin.discovery().v1().endpointSlices().inNamespace(ns);

    // So e2e backends cannot be 127.0.0.x endpoints: see docs/testing.md.
    assertThatThrownBy(() -> slices.resource(slice("loop", endpoint("127.0.0.2", true))).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("endpoints[0].addresses[0]")
                  .contains("may not be in the loopback range");
            });
  }

  @Test
  void refusesAStaleUpdateWithAConflict() {
    var slices = admin.discovery().v1().endpointSlices().inNamespace(ns);
    EndpointSlice first = slices.resource(slice("stale", endpoint("10.1.0.1", true))).create();
    slices
        .withName("stale")
        .edit(s -> new EndpointSliceBuilder(s).withEndpoints(endpoint("10.1.0.2", true)).build());

    // `first` still carries the resourceVersion of before the edit: optimistic concurrency.
    first.setEndpoints(List.of(endpoint("10.1.0.3", true)));
    assertThatThrownBy(() -> slices.resource(first).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(addresses(slices.withName("stale").get())).containsExactly("10.1.0.2 ready=true");
  }

  @Test
  void aSetBasedLabelSelectorFiltersOnTheServer() {
    var slices = admin.discovery().v1().endpointSlices().inNamespace(ns);
    for (String service : List.of("a", "b", "c")) {
      EndpointSlice s = slice("sel-" + service, endpoint("10.2.0.1", true));
      s.getMetadata().getLabels().put("kubernetes.io/service-name", service);
      slices.resource(s).create();
    }

    assertThat(
            slices.withLabelIn("kubernetes.io/service-name", "a", "c").list().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList())
        .containsExactly("sel-a", "sel-c");
  }

  @Test
  void aWatchFromAResourceVersionSeesTheEndpointSliceUpdateAndNothingBefore()
      throws InterruptedException {
    var slices = admin.discovery().v1().endpointSlices().inNamespace(ns);
    EndpointSlice created = slices.resource(slice("web-1", endpoint("10.1.0.1", true))).create();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Watcher<EndpointSlice> watcher =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, EndpointSlice slice) {
            events.add(action + " " + addresses(slice));
          }

          @Override
          public void onClose(WatcherException cause) {
            events.add("CLOSED " + cause.getMessage());
          }
        };

    try (Watch watch =
        slices
            .withLabel("kubernetes.io/service-name", "web")
            .watch(
                new ListOptionsBuilder()
                    .withResourceVersion(created.getMetadata().getResourceVersion())
                    .build(),
                watcher)) {
      slices
          .withName("web-1")
          .edit(
              s ->
                  new EndpointSliceBuilder(s)
                      .withEndpoints(endpoint("10.1.0.1", false), endpoint("10.1.0.2", true))
                      .build());

      // The first event is the update: a real server does not replay the ADDED before it.
      assertThat(events.poll(BOUND.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo("MODIFIED [10.1.0.1 ready=false, 10.1.0.2 ready=true]");
    }
  }

  /** A slice of Service {@code web} with one port, http/8080. */
  private static EndpointSlice slice(String name, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/service-name", "web")
        .endMetadata()
        .withAddressType("IPv4")
        .withEndpoints(endpoints)
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort()
        .build();
  }

  private void assertRejected(
      String kind, Map<String, Object> spec, String path, String complaint) {
    GenericKubernetesResource bad = new GenericKubernetesResource();
    bad.setApiVersion(CircuitBreaker.GROUP + "/" + CircuitBreaker.VERSION);
    bad.setKind(kind);
    bad.setMetadata(new ObjectMetaBuilder().withName("bad").build());
    bad.setAdditionalProperty("spec", spec);
    var resources =
        admin.genericKubernetesResources(bad.getApiVersion(), bad.getKind()).inNamespace(ns);

    assertThatThrownBy(() -> resources.resource(bad).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains(path).contains(complaint);
            });
    assertThat(resources.withName("bad").get()).isNull();
  }

  private static Endpoint endpoint(String address, boolean ready) {
    return new EndpointBuilder()
        .withAddresses(address)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .build();
  }

  private static List<String> addresses(EndpointSlice slice) {
    return slice.getEndpoints().stream()
        .map(e -> e.getAddresses().get(0) + " ready=" + e.getConditions().getReady())
        .toList();
  }

  static Condition accepted(long generation) {
    return new ConditionBuilder()
        .withType(PolicyStatus.ACCEPTED)
        .withStatus("True")
        .withReason("Accepted")
        .withMessage("e2e")
        .withObservedGeneration(generation)
        .withLastTransitionTime(
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
        .build();
  }
}
