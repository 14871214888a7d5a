package io.breakwater.controller.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.Durations;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomResourcesTest {

  private static final Pattern DURATION =
      Pattern.compile(io.breakwater.controller.crd.Durations.PATTERN);

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "5s", "1m", "1h", "1m30s", "1h5m", "2s500ms", "1h2ms", "0s"})
  void durationPatternAcceptsWhatTheConfigAccepts(String text) {
    assertThat(DURATION.matcher(text).matches()).isTrue();
    Durations.parse(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "5", "1.5s", "-5s", "5 s", "5sec", "1d", "30s1m", "s", "ms", "1m1h", "5S"})
  void durationPatternRefusesWhatTheConfigRefuses(String text) {
    assertThat(DURATION.matcher(text).matches()).isFalse();
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsACircuitBreakerWithTheConfigSpellings() {
    KubernetesSerialization json = new KubernetesSerialization();
    json.registerKubernetesResource(CircuitBreaker.class);
    CircuitBreaker cb =
        json.unmarshal(
            """
            apiVersion: breakwater.io/v1alpha1
            kind: CircuitBreaker
            metadata: {name: api, namespace: shop}
            spec:
              targetRef: {kind: Service, name: api, port: 80}
              scope: backend
              windowType: count
              openDuration: 10s
              maxRequests: 100
            """);
    CircuitBreakerSpec spec = cb.getSpec();
    assertThat(spec.targetRef()).isEqualTo(new TargetRef(TargetRef.Kind.SERVICE, "api", 80));
    assertThat(spec.effectiveScope()).isEqualTo(BreakerScope.BACKEND);
    assertThat(spec.windowType()).isEqualTo(WindowType.COUNT);
    assertThat(spec.openDuration()).isEqualTo("10s");
    assertThat(spec.maxRequests()).isEqualTo(100);
    assertThat(spec.window()).isNull();
    assertThat(json.asYaml(cb)).doesNotContain("null").contains("scope: \"backend\"");
  }

  @Test
  void scopeDefaultsToServer() {
    CircuitBreakerSpec spec =
        new CircuitBreakerSpec(
            TargetRef.service("api"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(spec.effectiveScope()).isEqualTo(BreakerScope.SERVER);
  }

  @Test
  void readsARetryPolicy() {
    KubernetesSerialization json = new KubernetesSerialization();
    json.registerKubernetesResource(RetryPolicy.class);
    RetryPolicy rp =
        json.unmarshal(
            """
            apiVersion: breakwater.io/v1alpha1
            kind: RetryPolicy
            metadata: {name: api, namespace: shop}
            spec:
              targetRef: {kind: Service, name: api}
              attempts: 2
              retryOn: [conn-failure, "503"]
              backoff: {base: 10ms, max: 1s}
              budget: {ratio: 0.5}
            """);
    RetryPolicySpec spec = rp.getSpec();
    assertThat(spec.attempts()).isEqualTo(2);
    assertThat(spec.retryOn()).isEqualTo(List.of("conn-failure", "503"));
    assertThat(spec.backoff()).isEqualTo(new RetryPolicySpec.Backoff("10ms", "1s", null));
    assertThat(spec.budget().ratio()).isEqualTo(0.5);
  }
}
