package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.HostPort;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart rendered with its default values: what {@code helm install} creates. */
class ChartRenderTest {

  private static Rendered rendered;

  @BeforeAll
  static void render() {
    rendered = Chart.render();
  }

  @Test
  void lintsCleanInStrictMode() {
    var result = Chart.lint();
    assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("strict lint reports nothing but the icon hint")
        .allMatch(m -> m.contains("icon is recommended"));
  }

  @Test
  void defaultsCreateExactlyTheseObjects() {
    assertThat(rendered.kinds())
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "Deployment",
            "IngressClass",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "Service",
            "ServiceAccount");
    assertThat(rendered.objects)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/name", "breakwater")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm"));
    assertThat(rendered.objects)
        .filteredOn(
            o ->
                !List.of("ClusterRole", "ClusterRoleBinding", "IngressClass").contains(o.getKind()))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
  }

  @Test
  void deploymentRunsControllerAndDataplaneFromOneImage() {
    Deployment deployment = rendered.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .as("a rollout never takes a proxy away before its replacement is ready")
        .isZero();
    PodSpec pod = rendered.podSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("controller", "dataplane");
    assertThat(pod.getContainers())
        .extracting(Container::getImage)
        .containsOnly("breakwater/breakwater:0.1.0");
    assertThat(pod.getServiceAccountName()).isEqualTo("breakwater");
  }

  @Test
  void controllerArgsFollowTheCli() {
    assertThat(container("controller").getArgs())
        .containsExactly(
            "controller",
            "--in-cluster",
            "--dataplane-socket=/var/run/breakwater/runtime.sock",
            "--ingress-class=breakwater",
            "--publish-service=breakwater/breakwater",
            "--leader-elect",
            "--lease-name=breakwater-leader",
            "--metrics-listen=0.0.0.0:9101");
    assertThat(container("dataplane").getArgs())
        .containsExactly(
            "dataplane", "--config=/etc/breakwater/dataplane.yaml", "--wait-for-config");
  }

  @Test
  void containersShareTheRuntimeApiSocketDirectory() {
    Volume run =
        rendered.podSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("run"))
            .findFirst()
            .orElseThrow();
    assertThat(run.getEmptyDir()).isNotNull();
    for (String name : List.of("controller", "dataplane")) {
      assertThat(container(name).getVolumeMounts())
          .as(name)
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo("run");
                assertThat(m.getMountPath()).isEqualTo("/var/run/breakwater");
              });
    }
  }

  @Test
  void bootstrapConfigIsValidForTheDataplaneAndListensWhereThePodSaysItDoes() {
    ConfigMap cm = rendered.named(ConfigMap.class, "breakwater-dataplane");
    Config config = ConfigLoader.parse(cm.getData().get("dataplane.yaml"), "dataplane.yaml");

    assertThat(config.global().runtimeApi())
        .singleElement()
        .satisfies(l -> assertThat(l.unix()).isEqualTo("/var/run/breakwater/runtime.sock"));
    assertThat(config.global().stats().listen()).isEqualTo(new HostPort("0.0.0.0", 8404));
    assertThat(config.global().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.frontends())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("http");
              assertThat(f.listen()).isEqualTo(new HostPort("0.0.0.0", 8080));
            });
    assertThat(config.backends()).isEmpty();

    assertThat(container("dataplane").getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "stats:8404");
    VolumeMount config1 =
        container("dataplane").getVolumeMounts().stream()
            .filter(m -> m.getName().equals("config"))
            .findFirst()
            .orElseThrow();
    assertThat(config1.getMountPath()).isEqualTo("/etc/breakwater");
    assertThat(config1.getReadOnly()).isTrue();
  }

  @Test
  void everyContainerIsNonRootReadOnlyWithoutCapabilities() {
    PodSpec pod = rendered.podSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    for (Container c : pod.getContainers()) {
      SecurityContext sc = c.getSecurityContext();
      assertThat(sc.getRunAsNonRoot()).as(c.getName()).isTrue();
      assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
      assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
      assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
      assertThat(sc.getSeccompProfile().getType()).as(c.getName()).isEqualTo("RuntimeDefault");
      assertThat(c.getVolumeMounts())
          .as("%s: a writable /tmp on the read-only root", c.getName())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
    }
  }

  @Test
  void dataplaneProbesUseTheStatsListener() {
    Container dp = container("dataplane");
    assertHttpProbe(dp.getLivenessProbe(), "/healthz");
    assertHttpProbe(dp.getReadinessProbe(), "/readyz");
    assertHttpProbe(dp.getStartupProbe(), "/healthz");
  }

  @Test
  void controllerProbesUseItsMetricsListenerOnAllInterfaces() {
    Container ctl = container("controller");
    assertHttpProbe(ctl.getLivenessProbe(), "/healthz", "ctl-metrics");
    assertHttpProbe(ctl.getReadinessProbe(), "/readyz", "ctl-metrics");
    assertHttpProbe(ctl.getStartupProbe(), "/healthz", "ctl-metrics");
    // The kubelet probes the pod's address, so the listener binds every interface on that port.
    assertThat(ctl.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("ctl-metrics:9101");
    assertThat(ctl.getArgs()).contains("--metrics-listen=0.0.0.0:9101");
    assertThat(
            ctl.getStartupProbe().getFailureThreshold() * ctl.getStartupProbe().getPeriodSeconds())
        .as("seconds the controller gets to start before liveness counts")
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void dataplaneDrainsBeforeTheKubeletKillsIt() {
    PodSpec pod = rendered.podSpec();
    assertThat(container("dataplane").getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("sleep", "10");
    // preStop sleep (10 s) + shutdownGrace (30 s) fit in the grace period.
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(40L);
  }

  @Test
  void replicasSpreadOverZonesAndNodes() {
    assertThat(rendered.podSpec().getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey() + "/" + c.getWhenUnsatisfiable())
        .containsExactly(
            "topology.kubernetes.io/zone/ScheduleAnyway", "kubernetes.io/hostname/ScheduleAnyway");
  }

  @Test
  void serviceIsALoadBalancerOnPort80() {
    Service svc = rendered.named(Service.class, "breakwater");
    assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(svc.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http:80->http");
    assertThat(svc.getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "app.kubernetes.io/name",
                "breakwater",
                "app.kubernetes.io/instance",
                "breakwater"));

    Service stats = rendered.named(Service.class, "breakwater-stats");
    assertThat(stats.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(stats.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("stats", 8404),
            org.assertj.core.groups.Tuple.tuple("ctl-metrics", 9101));
  }

  @Test
  void ingressClassNamesOurControllerAndIsNotDefault() {
    IngressClass ic = rendered.one(IngressClass.class);
    assertThat(ic.getMetadata().getName()).isEqualTo("breakwater");
    assertThat(ic.getSpec().getController()).isEqualTo("breakwater.io/ingress-controller");
    assertThat(ic.getMetadata().getAnnotations())
        .doesNotContainKey("ingressclass.kubernetes.io/is-default-class");
  }

  @Test
  void disruptionBudgetKeepsAllButOne() {
    PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "breakwater");
  }

  @Test
  void aChangedBootstrapConfigRollsThePods() {
    String before = checksum(rendered);
    String after =
        checksum(Chart.render(java.util.Map.of("dataplane", java.util.Map.of("maxconn", 1000))));
    assertThat(before).matches("[0-9a-f]{64}");
    assertThat(after).isNotEqualTo(before);
  }

  private static String checksum(Rendered r) {
    return r.one(Deployment.class)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/dataplane-config");
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertHttpProbe(probe, path, "stats");
  }

  private static void assertHttpProbe(Probe probe, String path, String port) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
  }

  private static Container container(String name) {
    return rendered.podSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
