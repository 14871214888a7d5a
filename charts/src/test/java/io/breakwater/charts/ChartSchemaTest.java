package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values are refused before anything is installed, with a message that names the key and what
 * was expected: by {@code values.schema.json}, or by the templates for what a schema cannot say.
 */
class ChartSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(
            Map.of("kind", "StatefulSet"),
            "at '/kind': value must be one of 'Deployment', 'DaemonSet'"),
        Arguments.of(
            Map.of("service", Map.of("type", "External")),
            "at '/service/type': value must be one of 'LoadBalancer', 'NodePort', 'ClusterIP'"),
        Arguments.of(
            Map.of("service", Map.of("externalTrafficPolicy", "local")),
            "at '/service/externalTrafficPolicy': value must be one of 'Cluster', 'Local'"),
        Arguments.of(Map.of("replicaCount", -1), "at '/replicaCount'"),
        Arguments.of(Map.of("replicas", 3), "additional properties 'replicas' not allowed"),
        Arguments.of(
            Map.of("controller", Map.of("watchNamespace", List.of("a"))),
            "at '/controller': additional properties 'watchNamespace' not allowed"),
        Arguments.of(
            Map.of("controller", Map.of("endpoints", "slices")),
            "at '/controller/endpoints': value must be one of 'endpointslices', 'endpoints'"),
        Arguments.of(
            Map.of("controller", Map.of("watchNamespaces", List.of("Bad_NS"))),
            "at '/controller/watchNamespaces/0'"),
        Arguments.of(
            Map.of("controller", Map.of("syncPeriod", "30")), "at '/controller/syncPeriod'"),
        Arguments.of(
            Map.of("controller", Map.of("leaseName", "Leader_Lease")),
            "at '/controller/leaseName'"),
        Arguments.of(
            Map.of("dataplane", Map.of("ports", Map.of("http", 70000))),
            "at '/dataplane/ports/http'"),
        Arguments.of(
            Map.of(
                "dataplane",
                Map.of("defaults", Map.of("timeouts", Map.of("connect", "5 seconds")))),
            "at '/dataplane/defaults/timeouts/connect'"),
        Arguments.of(
            Map.of("dataplane", Map.of("transport", "kqueue")),
            "at '/dataplane/transport': value must be one of 'auto', 'epoll', 'io_uring', 'nio'"),
        Arguments.of(
            Map.of("ingressClass", Map.of("name", "Breakwater")), "at '/ingressClass/name'"),
        Arguments.of(Map.of("image", Map.of("digest", "latest")), "at '/image/digest'"),
        Arguments.of(
            Map.of("metrics", Map.of("serviceMonitor", Map.of("interval", "often"))),
            "at '/metrics/serviceMonitor/interval'"),
        // Rules across keys, from the templates:
        Arguments.of(
            Map.of("terminationGracePeriodSeconds", 20),
            "terminationGracePeriodSeconds: 20 (expected: at least dataplane.preStopSleepSeconds"
                + " + dataplane.shutdownGraceSeconds = 40"),
        Arguments.of(
            Map.of("kind", "DaemonSet", "autoscaling", Map.of("enabled", true)),
            "autoscaling.enabled: true (expected: false with kind DaemonSet"),
        Arguments.of(
            Map.of("autoscaling", Map.of("enabled", true, "minReplicas", 5, "maxReplicas", 2)),
            "autoscaling.minReplicas: 5 (expected: at most autoscaling.maxReplicas = 2)"),
        Arguments.of(
            Map.of("podDisruptionBudget", Map.of("minAvailable", 1)),
            "podDisruptionBudget: both maxUnavailable and minAvailable are set"),
        Arguments.of(
            Map.of("dataplane", Map.of("ports", Map.of("stats", 9101))),
            "(expected: different ports, the two containers share the pod's network)"),
        Arguments.of(
            Map.of(
                "metrics", Map.of("serviceMonitor", Map.of("enabled", true)),
                "stats", Map.of("service", Map.of("enabled", false))),
            "metrics.serviceMonitor.enabled: true (expected: with stats.service.enabled: true"),
        Arguments.of(
            Map.of("dataplane", Map.of("https", Map.of("enabled", true))),
            "dataplane.https.certificateSecret: empty (expected: the name of a kubernetes.io/tls"
                + " Secret in the release namespace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void refusesWithTheKeyAndWhatWasExpected(Map<String, Object> values, String message) {
    assertThatThrownBy(() -> Chart.template(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
