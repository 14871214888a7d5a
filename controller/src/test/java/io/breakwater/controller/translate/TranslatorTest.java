package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.source.Manifests;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.Retries;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Translation with config defaults other than the built-in ones (the golden files use those): the
 * defaults are the lowest level of the precedence, and what {@link TranslationWriter} leaves out is
 * exactly what the loader fills in from them.
 */
class TranslatorTest {

  private static final String DEFAULTS =
      """
      defaults:
        timeouts: {server: 30s}
        balance: leastconn
        maxconn: 50
        healthCheck: {type: http, path: /ready, interval: 3s, downinter: 10s}
        retries: {attempts: 1, retryOn: [conn-failure, 503]}
        circuitBreaker: {failureRateThreshold: 30}
        slowstart: 5s
        faults: {abort: {percent: 1, status: 500}}
      """;

  private static final String MANIFESTS =
      """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: breakwater}
      spec: {controller: breakwater.io/ingress-controller}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: shop
        namespace: shop
        annotations: {breakwater.io/retry-on: "502", breakwater.io/fault-delay: "1% 1s"}
      spec:
        ingressClassName: breakwater
        rules:
          - host: shop.example.com
            http:
              paths:
                - {path: /plain, pathType: Prefix, backend: {service: {name: plain, port: {number: 80}}}}
                - {path: /tuned, pathType: Prefix, backend: {service: {name: tuned, port: {number: 80}}}}
                - {path: /policy, pathType: Prefix, backend: {service: {name: policy, port: {number: 80}}}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: plain, namespace: shop}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: tuned
        namespace: shop
        annotations:
          breakwater.io/health-check: "off"
          breakwater.io/load-balance: roundrobin
          breakwater.io/retries: "4"
          breakwater.io/timeout-server: 5s
          breakwater.io/server-maxconn: "0"
          breakwater.io/fault-abort: "0% 503"
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: policy, namespace: shop}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: breakwater.io/v1alpha1
      kind: RetryPolicy
      metadata: {name: policy, namespace: shop}
      spec:
        targetRef: {kind: Service, name: policy}
        attempts: 2
      ---
      apiVersion: breakwater.io/v1alpha1
      kind: CircuitBreaker
      metadata: {name: policy, namespace: shop}
      spec:
        targetRef: {kind: Service, name: policy, port: 80}
        scope: backend
        openDuration: 1m
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: plain-a, namespace: shop, labels: {kubernetes.io/service-name: plain}}
      addressType: IPv4
      endpoints: [{addresses: [10.0.0.1], targetRef: {kind: Pod, name: plain-1}}]
      """;

  private final Defaults defaults = ConfigLoader.parse(DEFAULTS, "defaults.yaml").defaults();
  private final TranslateOptions options = TranslateOptions.DEFAULT.withDefaults(defaults);
  private final ClusterSnapshot snapshot = ClusterSnapshot.of(Manifests.parse(MANIFESTS));

  @Test
  void aBackendWithoutAnnotationsOrPoliciesIsTheDefaults() {
    Translation t = Translator.translate(snapshot, options);
    Backend plain = t.backend("shop/plain/80");
    assertThat(plain.balance()).isEqualTo(Balance.LEASTCONN);
    assertThat(plain.timeouts()).isEqualTo(defaults.timeouts());
    assertThat(plain.policy().healthCheck()).isEqualTo(defaults.policy().healthCheck());
    assertThat(plain.policy().circuitBreaker()).isEqualTo(defaults.policy().circuitBreaker());
    assertThat(plain.servers())
        .singleElement()
        .satisfies(s -> assertThat(s.maxconn()).isEqualTo(50));
    assertThat(t.problems()).isEmpty();
  }

  @Test
  void annotationsOverrideTheDefaultsKeyByKey() {
    Backend tuned = Translator.translate(snapshot, options).backend("shop/tuned/80");
    assertThat(tuned.policy().healthCheck()).isNull();
    assertThat(tuned.balance()).isEqualTo(Balance.ROUNDROBIN);
    assertThat(tuned.timeouts().server()).isEqualTo(Duration.ofSeconds(5));
    assertThat(tuned.timeouts().connect()).isEqualTo(defaults.timeouts().connect());
    assertThat(tuned.policy().retries().attempts()).isEqualTo(4);
    assertThat(tuned.policy().slowstart()).isEqualTo(Duration.ofSeconds(5));
    assertThat(tuned.policy().faults()).isEqualTo(new Faults(null, new Faults.Abort(0, 503)));
  }

  @Test
  void annotationOverPolicyOverDefaults() {
    Translation t = Translator.translate(snapshot, options);
    Retries r = t.backend("shop/policy/80").policy().retries();
    assertThat(r.attempts()).as("from the RetryPolicy").isEqualTo(2);
    assertThat(r.statuses()).as("from the Ingress's annotation").containsExactly(502);
    assertThat(r.backoff())
        .as("from the defaults")
        .isEqualTo(defaults.policy().retries().backoff());
    assertThat(t.backend("shop/policy/80").policy().circuitBreaker().openDuration())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(t.backend("shop/policy/80").policy().circuitBreaker().failureRateThreshold())
        .as("a policy is written over the defaults' breaker")
        .isEqualTo(30);
    assertThat(t.policies().get(new ObjectRef("RetryPolicy", "shop", "policy")).backends())
        .containsExactly("shop/policy/80");
  }

  @Test
  void aRoutesFaultsKeepTheBackendsOtherFault() {
    Translation t = Translator.translate(snapshot, options);
    assertThat(t.routes())
        .filteredOn(r -> r.path().equals("/tuned"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.faults())
                    .isEqualTo(
                        new Faults(
                            new Faults.Delay(1, Duration.ofSeconds(1)), new Faults.Abort(0, 503))));
  }

  @Test
  void theWriterLeavesOutExactlyWhatTheLoaderInherits() throws Exception {
    Translation t = Translator.translate(snapshot, options);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode doc = (ObjectNode) yaml.readTree(DEFAULTS);
    ObjectNode rendered = (ObjectNode) yaml.readTree(TranslationWriter.yaml(t, defaults));
    ObjectNode frontend = doc.putArray("frontends").addObject();
    frontend.put("name", "http").put("listen", "0.0.0.0:8080");
    frontend.set("routes", rendered.get("routes"));
    doc.set("backends", rendered.get("backends"));

    Config reloaded = ConfigLoader.parse(new ObjectMapper().writeValueAsString(doc), "reloaded");

    assertThat(reloaded.backends()).isEqualTo(t.backends());
    assertThat(reloaded.frontends().get(0).routes()).isEqualTo(t.routes());
  }

  @Test
  void translatesTheSameSnapshotToEqualTranslations() {
    assertThat(Translator.translate(snapshot, options))
        .isEqualTo(Translator.translate(snapshot, options))
        .isNotEqualTo(Translator.translate(snapshot, TranslateOptions.DEFAULT));
  }

  @Test
  void nothingObservedIsNothingToServe() {
    Translation t = Translator.translate(ClusterSnapshot.EMPTY, TranslateOptions.DEFAULT);
    assertThat(t.routes()).isEmpty();
    assertThat(t.backends()).isEmpty();
    assertThat(t.defaultBackend()).isNull();
    assertThat(t.problems()).isEmpty();
    assertThat(t.ingresses()).isEmpty();
    assertThat(t.backendsWithErrors()).isEqualTo(Set.of());
  }
}
