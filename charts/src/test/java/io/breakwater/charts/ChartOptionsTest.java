package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart rendered with each option group switched away from its default. */
class ChartOptionsTest {

  @Test
  void daemonSetRunsOnePodPerNodeWithoutReplicasOrSpread() {
    Rendered r = Chart.render(Map.of("kind", "DaemonSet"));
    assertThat(r.all(Deployment.class)).isEmpty();
    DaemonSet ds = r.one(DaemonSet.class);
    assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(r.podSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("controller", "dataplane");
    assertThat(r.podSpec().getTopologySpreadConstraints()).isNullOrEmpty();
  }

  @Test
  void nodePortServiceTakesFixedNodePortsAndLocalTrafficPolicy() {
    Rendered r =
        Chart.render(
            Map.of(
                "service",
                Map.of(
                    "type", "NodePort",
                    "externalTrafficPolicy", "Local",
                    "nodePorts", Map.of("http", 30080))));
    Service svc = r.named(Service.class, "breakwater");
    assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
    assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    assertThat(svc.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(80);
              assertThat(p.getNodePort()).isEqualTo(30080);
            });
  }

  @Test
  void clusterIpServiceHasNoExternalTrafficPolicy() {
    Service svc =
        Chart.render(Map.of("service", Map.of("type", "ClusterIP")))
            .named(Service.class, "breakwater");
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getExternalTrafficPolicy()).isNull();
  }

  @Test
  void httpsAddsATlsFrontendItsCertificateAContainerPortAndServicePort443() {
    Rendered r =
        Chart.render(
            Map.of(
                "dataplane",
                Map.of("https", Map.of("enabled", true, "certificateSecret", "edge-tls"))));
    assertThat(r.named(Service.class, "breakwater").getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http:80->http", "https:443->https");
    Container dp = r.podSpec().getContainers().get(1);
    assertThat(dp.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "https:8443", "stats:8404");
    String bootstrap =
        r.named(ConfigMap.class, "breakwater-dataplane").getData().get("dataplane.yaml");
    assertThat(bootstrap).contains("- name: https\n    listen: 0.0.0.0:8443");
    var config = io.breakwater.dataplane.config.ConfigLoader.parse(bootstrap, "dataplane.yaml");
    assertThat(config.frontend("https").tls().certificates())
        .singleElement()
        .satisfies(c -> assertThat(c.certFile()).isEqualTo("/etc/breakwater-tls/tls.crt"));
    assertThat(config.frontend("http").tls()).isNull();
    assertThat(r.podSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("tls"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("edge-tls"));
    assertThat(dp.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("tls"))
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/breakwater-tls"));
  }

  @Test
  void serviceMonitorScrapesBothMetricsEndpointsOfTheStatsService() {
    Rendered r =
        Chart.render(
            Map.of(
                "metrics",
                Map.of(
                    "serviceMonitor",
                    Map.of("enabled", true, "labels", Map.of("release", "prometheus")))));
    GenericKubernetesResource sm = r.generic("ServiceMonitor").orElseThrow();
    assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) specOf(sm).get("endpoints");
    assertThat(endpoints)
        .extracting(e -> e.get("port") + e.get("path").toString())
        .containsExactly("stats/metrics", "ctl-metrics/metrics");
    // The ServiceMonitor's selector picks the stats Service, which has both ports.
    @SuppressWarnings("unchecked")
    Map<String, String> selector =
        (Map<String, String>) ((Map<String, Object>) specOf(sm).get("selector")).get("matchLabels");
    Service stats = r.named(Service.class, "breakwater-stats");
    assertThat(stats.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(r.named(Service.class, "breakwater").getMetadata().getLabels())
        .as("the proxy Service is not scraped")
        .doesNotContainEntry("app.kubernetes.io/component", "stats");
    assertThat(r.generic("PodMonitor")).isEmpty();
  }

  @Test
  void podMonitorScrapesThePodsPorts() {
    Rendered r = Chart.render(Map.of("metrics", Map.of("podMonitor", Map.of("enabled", true))));
    GenericKubernetesResource pm = r.generic("PodMonitor").orElseThrow();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>) specOf(pm).get("podMetricsEndpoints");
    assertThat(endpoints).extracting(e -> e.get("port")).containsExactly("stats", "ctl-metrics");
    assertThat(r.generic("ServiceMonitor")).isEmpty();
  }

  @Test
  void defaultClassIsAnnotated() {
    IngressClass ic =
        Chart.render(Map.of("ingressClass", Map.of("default", true, "name", "edge")))
            .one(IngressClass.class);
    assertThat(ic.getMetadata().getName()).isEqualTo("edge");
    assertThat(ic.getMetadata().getAnnotations())
        .containsEntry("ingressclass.kubernetes.io/is-default-class", "true");
  }

  @Test
  void withoutCreateTheClassIsLeftToOthersButStillServed() {
    Rendered r = Chart.render(Map.of("ingressClass", Map.of("create", false, "name", "shared")));
    assertThat(r.all(IngressClass.class)).isEmpty();
    assertThat(r.podSpec().getContainers().get(0).getArgs()).contains("--ingress-class=shared");
  }

  @Test
  void autoscalerOwnsTheReplicaCount() {
    Rendered r =
        Chart.render(
            Map.of(
                "autoscaling",
                Map.of(
                    "enabled",
                    true,
                    "minReplicas",
                    3,
                    "maxReplicas",
                    7,
                    "targetMemoryUtilizationPercentage",
                    80)));
    HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("breakwater");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(7);
    assertThat(hpa.getSpec().getMetrics())
        .extracting(
            m ->
                m.getResource().getName()
                    + "="
                    + m.getResource().getTarget().getAverageUtilization())
        .containsExactly("cpu=70", "memory=80");
    assertThat(r.one(Deployment.class).getSpec().getReplicas()).isNull();
  }

  @Test
  void disruptionBudgetTakesMinAvailableOrCanBeOff() {
    Rendered min =
        Chart.render(
            Map.of(
                "podDisruptionBudget",
                new java.util.HashMap<>(Map.of("minAvailable", "50%")) {
                  {
                    put("maxUnavailable", null);
                  }
                }));
    assertThat(min.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getStrVal())
        .isEqualTo("50%");
    assertThat(
            Chart.render(Map.of("podDisruptionBudget", Map.of("enabled", false)))
                .all(PodDisruptionBudget.class))
        .isEmpty();
  }

  @Test
  void controllerFlagsFollowTheValues() {
    Rendered r =
        Chart.render(
            Map.of(
                "controller",
                Map.of(
                    "watchNamespaces",
                    List.of("shop", "blog"),
                    "watchIngressWithoutClass",
                    true,
                    "endpoints",
                    "endpoints",
                    "externalNameServices",
                    false,
                    "publishAddress",
                    "203.0.113.7",
                    "leaderElect",
                    false,
                    "defaultTlsCertificate",
                    "breakwater/default-cert",
                    "metricsPort",
                    9200,
                    "extraArgs",
                    List.of("--log-level=debug"))));
    assertThat(r.podSpec().getContainers().get(0).getArgs())
        .containsExactly(
            "controller",
            "--in-cluster",
            "--dataplane-socket=/var/run/breakwater/runtime.sock",
            "--ingress-class=breakwater",
            "--watch-namespace=shop",
            "--watch-namespace=blog",
            "--watch-ingress-without-class",
            "--endpoints=endpoints",
            "--external-name-services=false",
            "--publish-address=203.0.113.7",
            "--default-tls-certificate=breakwater/default-cert",
            "--metrics-listen=0.0.0.0:9200",
            "--log-level=debug");
    // The probes name the port, so they follow controller.metricsPort.
    Container ctl = r.podSpec().getContainers().get(0);
    assertThat(ctl.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("ctl-metrics:9200");
    assertThat(ctl.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("ctl-metrics");
  }

  @Test
  void syncTimingsBecomeFlagsBeforeTheExtraArgs() {
    Rendered r =
        Chart.render(
            Map.of(
                "controller",
                Map.of(
                    "syncPeriod",
                    "1m",
                    "debounce",
                    "100ms",
                    "maxDelay",
                    "1s",
                    "dataplaneTimeout",
                    "2m",
                    "extraArgs",
                    List.of("--log-level=debug"))));
    assertThat(r.podSpec().getContainers().get(0).getArgs())
        .endsWith(
            "--metrics-listen=0.0.0.0:9101",
            "--sync-period=1m",
            "--debounce=100ms",
            "--max-delay=1s",
            "--dataplane-timeout=2m",
            "--log-level=debug");
  }

  @Test
  void eachReleaseElectsOnItsOwnLease() {
    assertThat(
            Chart.render(Map.of("fullnameOverride", "edge"))
                .podSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--leader-elect", "--lease-name=edge-leader");
    assertThat(
            Chart.render(Map.of("controller", Map.of("leaseName", "ingress-leader")))
                .podSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--lease-name=ingress-leader");
  }

  @Test
  void controllerProbesCanBeReplacedOrTurnedOffWithNull() {
    // Helm merges a value map into the default one: null removes a key, {} would keep it.
    Map<String, Object> liveness = new java.util.HashMap<>();
    liveness.put("httpGet", null);
    liveness.put("tcpSocket", Map.of("port", "ctl-metrics"));
    liveness.put("periodSeconds", 30);
    Map<String, Object> controller = new java.util.HashMap<>();
    controller.put("livenessProbe", liveness);
    controller.put("readinessProbe", null);
    controller.put("startupProbe", null);
    Rendered r = Chart.render(Map.of("controller", controller));
    Container ctl = r.podSpec().getContainers().get(0);
    assertThat(ctl.getLivenessProbe().getHttpGet()).isNull();
    assertThat(ctl.getLivenessProbe().getTcpSocket().getPort().getStrVal())
        .isEqualTo("ctl-metrics");
    assertThat(ctl.getLivenessProbe().getPeriodSeconds()).isEqualTo(30);
    assertThat(ctl.getReadinessProbe()).isNull();
    assertThat(ctl.getStartupProbe()).isNull();
  }

  @Test
  void dataplaneDefaultsReachTheBootstrapConfig() {
    Rendered r =
        Chart.render(
            Map.of(
                "dataplane",
                Map.of(
                    "defaults",
                    Map.of(
                        "timeouts", Map.of("connect", "2s"),
                        "retries", Map.of("attempts", 1, "retryOn", List.of("conn-failure", "503")),
                        "circuitBreaker", Map.of("enabled", true, "openDuration", "10s")))));
    var config =
        io.breakwater.dataplane.config.ConfigLoader.parse(
            r.named(ConfigMap.class, "breakwater-dataplane").getData().get("dataplane.yaml"),
            "dataplane.yaml");
    assertThat(config.defaults().timeouts().connect()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(config.defaults().policy().retries().attempts()).isEqualTo(1);
  }

  @Test
  void grafanaDashboardConfigMapCarriesTheDashboard() {
    Rendered r = Chart.render(Map.of("grafanaDashboard", Map.of("enabled", true)));
    ConfigMap cm = r.named(ConfigMap.class, "breakwater-dashboard");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getData().get("breakwater.json").strip())
        .isEqualTo(Chart.read("charts/breakwater/dashboards/breakwater.json").strip());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> specOf(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }
}
