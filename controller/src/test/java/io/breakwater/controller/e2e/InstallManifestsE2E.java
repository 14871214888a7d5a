package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.breakwater.controller.RepositoryFiles;
import io.breakwater.controller.status.LeaderElection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the install path puts into a cluster — {@value KubeApiServerExtension#INSTALL_MANIFEST}
 * (namespace, CRDs and the Helm chart with its defaults) and {@value #CHART} rendered with each
 * option group that adds or reshapes objects — is valid for the API server of the e2e tier: every
 * object goes through server-side apply with {@code dryRun=All} and strict field validation, so
 * that Kubernetes version's schemas, defaulting, validation and admission pass on it while nothing
 * is stored. Broken objects show that the check has teeth: a misspelt field and an invalid value
 * are refused with the API server's own message.
 *
 * <p>No kubelet runs here, so no pod starts; the pod template is instead created as a dry-run Pod
 * in a namespace labelled as the manifest labels its namespace, where the PodSecurity admission
 * enforces the {@code restricted} standard. The chart's RBAC is what {@link KubeApi#controller()}
 * runs with in every e2e test ({@link KubeApiServerExtension} applies it from the same manifest);
 * here the controller's own leader election takes its Lease under it.
 *
 * <p>ServiceMonitor and PodMonitor belong to the Prometheus Operator, whose CRDs a cluster without
 * it lacks: {@link #installMonitoringCrds} installs minimal {@code monitoring.coreos.com/v1} CRDs
 * that declare the fields the chart writes, typed as the operator declares them (durations with its
 * pattern). A field the chart starts to use must be added there, or strict validation refuses it.
 */
@ExtendWith(KubeApiServerExtension.class)
@Timeout(300)
class InstallManifestsE2E {

  static final String CHART = "charts/breakwater";

  /** The release the manifest was rendered as; also the controller's namespace in this tier. */
  private static final String RELEASE = KubeApi.CONTROLLER_NAMESPACE;

  private static final String FIELD_MANAGER = "breakwater-install-e2e";
  private static final long CRD_ESTABLISHED_SECONDS = 60;

  @TempDir Path dir;
  private final KubeApi kube;
  private final KubernetesClient admin;

  InstallManifestsE2E(KubeApi kube) {
    this.kube = kube;
    // The administrator without retries: a refused apply fails at once (the API server answers
    // some refusals with 500, which the client would otherwise retry for seconds).
    this.admin =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(kube.admin().getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  @AfterEach
  void closeClient() {
    admin.close();
  }

  @BeforeAll
  static void installMonitoringCrds(KubeApi kube) {
    for (String[] names :
        List.of(
            new String[] {"ServiceMonitor", "servicemonitors", "endpoints"},
            new String[] {"PodMonitor", "podmonitors", "podMetricsEndpoints"})) {
      CustomResourceDefinition crd =
          Serialization.unmarshal(
              monitoringCrd(names[0], names[1], names[2]), CustomResourceDefinition.class);
      var crds = kube.admin().apiextensions().v1().customResourceDefinitions();
      crds.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      crds.withName(crd.getMetadata().getName())
          .waitUntilCondition(
              KubeApiServerExtension::established, CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyObjectOfTheInstallManifestIsValidAndADryRunStoresNothing() throws IOException {
    List<HasMetadata> objects = load(installManifest());

    assertThat(kinds(objects))
        .as(KubeApiServerExtension.INSTALL_MANIFEST)
        .contains(
            "Namespace",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "ConfigMap",
            "Service",
            "IngressClass",
            "Deployment",
            "PodDisruptionBudget");
    assertThat(applyDryRun(objects)).as("objects the API server refused").isEmpty();
    assertThat(admin.apps().deployments().inNamespace(RELEASE).withName(RELEASE).get())
        .as("a dry run stores nothing")
        .isNull();
    assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(RELEASE).list().getItems())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionGroups")
  void theChartWithAnOptionGroupRendersOnlyValidObjects(
      String group, Map<String, Object> values, List<String> kindsItAdds) throws IOException {
    List<HasMetadata> objects = load(render(values));

    assertThat(kinds(objects)).as("%s renders", group).containsAll(kindsItAdds);
    assertThat(applyDryRun(objects)).as("objects the API server refused").isEmpty();
  }

  static Stream<Arguments> optionGroups() {
    return Stream.of(
        group("DaemonSet", List.of("DaemonSet"), "kind", "DaemonSet"),
        group(
            "HorizontalPodAutoscaler",
            List.of("Deployment", "HorizontalPodAutoscaler"),
            "autoscaling.enabled",
            true,
            "autoscaling.targetMemoryUtilizationPercentage",
            80),
        group(
            "PodDisruptionBudget with minAvailable",
            List.of("PodDisruptionBudget"),
            "podDisruptionBudget.maxUnavailable",
            null,
            "podDisruptionBudget.minAvailable",
            "50%"),
        group(
            "ServiceMonitor and Grafana dashboard",
            List.of("ServiceMonitor", "ConfigMap"),
            "metrics.serviceMonitor.enabled",
            true,
            "metrics.serviceMonitor.labels.release",
            "prometheus",
            "grafanaDashboard.enabled",
            true),
        group("PodMonitor", List.of("PodMonitor"), "metrics.podMonitor.enabled", true),
        group(
            "NodePort with fixed ports, https and the default class",
            List.of("Service", "IngressClass"),
            "service.type",
            "NodePort",
            "service.externalTrafficPolicy",
            "Local",
            "service.nodePorts.http",
            30080,
            "service.nodePorts.https",
            30443,
            "dataplane.https.enabled",
            true,
            "dataplane.https.certificateSecret",
            "breakwater-tls",
            "ingressClass.default",
            true),
        group("ClusterIP", List.of("Service"), "service.type", "ClusterIP"),
        group(
            "LoadBalancer with class and source ranges",
            List.of("Service"),
            "service.externalTrafficPolicy",
            "Local",
            "service.loadBalancerClass",
            "example.com/lb",
            "service.loadBalancerSourceRanges",
            List.of("192.0.2.0/24", "198.51.100.0/24")));
  }

  @Test
  void aMisspeltFieldIsRefusedWithTheApiServersMessage() throws IOException {
    HasMetadata broken =
        deployment(installManifest().replaceFirst("readinessProbe:", "readinesProbe:"));

    assertThatThrownBy(() -> applyDryRun(broken))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              // kube-apiserver answers an apply patch it cannot type with 500 and this message.
              assertThat(e.getStatus().getStatus()).isEqualTo("Failure");
              assertThat(e.getMessage())
                  .contains("containers[name=\"controller\"]")
                  .contains("readinesProbe")
                  .contains("field not declared in schema");
            });
  }

  @Test
  void anInvalidValueIsRefusedWithTheApiServersMessage() throws IOException {
    String manifest = installManifest();
    assertThat(manifest).contains("containerPort: 9101");
    HasMetadata broken =
        deployment(manifest.replace("containerPort: 9101", "containerPort: 70000"));

    assertThatThrownBy(() -> applyDryRun(broken))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("containerPort")
                  .contains("70000")
                  .contains("must be between 1 and 65535");
            });
  }

  @Test
  void thePodMeetsThePodSecurityStandardItsNamespaceEnforces() throws IOException {
    String manifest = installManifest();
    Namespace release =
        load(manifest).stream()
            .filter(Namespace.class::isInstance)
            .map(Namespace.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(release.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    String ns =
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withGenerateName("install-pss-")
                    .withLabels(release.getMetadata().getLabels())
                    .endMetadata()
                    .build())
            .create()
            .getMetadata()
            .getName();
    // Where the ServiceAccount admission plugin runs (K3s), a Pod must name an existing account.
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(RELEASE).endMetadata().build())
        .create();

    Pod pod = pod(ns, deployment(manifest).getSpec().getTemplate());
    Pod admitted = admin.pods().inNamespace(ns).resource(pod).dryRun().create();
    assertThat(admitted.getSpec().getContainers()).hasSize(2);
    assertThat(admin.pods().inNamespace(ns).list().getItems())
        .as("a dry run stores nothing")
        .isEmpty();

    pod.getSpec().getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(true);
    assertThatThrownBy(() -> admin.pods().inNamespace(ns).resource(pod).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("violates PodSecurity \"restricted:latest\"")
                  .contains("allowPrivilegeEscalation");
            });
  }

  @Test
  void theControllersIdentityTakesItsLeaseUnderTheChartsRole() {
    String identity = "install-e2e";
    String leaseName = "breakwater-leader-install-e2e";
    LeaderElection election =
        LeaderElection.lease(
            kube.controller(),
            new LeaderElection.Settings(
                leaseName,
                KubeApi.CONTROLLER_NAMESPACE,
                identity,
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Duration.ofMillis(500)));
    try (election) {
      election.start();
      Await.until(
          "the controller's identity leads on Lease " + leaseName,
          Duration.ofSeconds(30),
          election::isLeader);
      Lease acquired =
          admin.leases().inNamespace(KubeApi.CONTROLLER_NAMESPACE).withName(leaseName).get();
      assertThat(acquired.getSpec().getHolderIdentity()).isEqualTo(identity);
      // Renewing takes more than creating: the leader patches the Lease every retry period.
      Await.until(
          "the leader renews its Lease",
          Duration.ofSeconds(30),
          () ->
              !admin
                  .leases()
                  .inNamespace(KubeApi.CONTROLLER_NAMESPACE)
                  .withName(leaseName)
                  .get()
                  .getSpec()
                  .getRenewTime()
                  .equals(acquired.getSpec().getRenewTime()));
      assertThat(election.isLeader()).isTrue();
    }
    // Released as fabric8 releases: the holder stays, the Lease expires after one second.
    Await.until(
        "the Lease is released on close",
        Duration.ofSeconds(30),
        () ->
            admin
                    .leases()
                    .inNamespace(KubeApi.CONTROLLER_NAMESPACE)
                    .withName(leaseName)
                    .get()
                    .getSpec()
                    .getLeaseDurationSeconds()
                == 1);
  }

  /**
   * Server-side applies each object with {@code dryRun=All} and strict field validation, and
   * returns the refusals as "Kind name: the API server's message".
   */
  private List<String> applyDryRun(List<HasMetadata> objects) {
    List<String> refused = new ArrayList<>();
    for (HasMetadata o : objects) {
      try {
        applyDryRun(o);
      } catch (KubernetesClientException e) {
        refused.add(o.getKind() + " " + o.getMetadata().getName() + ": " + e.getMessage());
      }
    }
    return refused;
  }

  private void applyDryRun(HasMetadata o) {
    admin
        .resource(o)
        .dryRun()
        .fieldValidation(Validation.STRICT)
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static String installManifest() throws IOException {
    return Files.readString(RepositoryFiles.resolve(KubeApiServerExtension.INSTALL_MANIFEST));
  }

  /**
   * {@value #CHART} rendered as release {@value #RELEASE} with {@code values}, dotted keys over the
   * defaults as in a values file; a null value removes the default.
   */
  private String render(Map<String, Object> values) throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          Map<String, Object> at = nested;
          String[] path = key.split("\\.");
          for (int i = 0; i < path.length - 1; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> next =
                (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
            at = next;
          }
          at.put(path[path.length - 1], value);
        });
    Path file = Files.writeString(dir.resolve("values.yaml"), Serialization.asYaml(nested));
    return new Helm(RepositoryFiles.resolve(CHART))
        .template()
        .withName(RELEASE)
        .withNamespace(RELEASE)
        .withValuesFile(file)
        .call();
  }

  private List<HasMetadata> load(String yaml) {
    return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  private Deployment deployment(String manifest) {
    return load(manifest).stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment in the manifest"));
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static Pod pod(String ns, PodTemplateSpec template) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("breakwater-pss")
        .withNamespace(ns)
        .withLabels(template.getMetadata().getLabels())
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }

  private static Arguments group(String name, List<String> kinds, Object... keyValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put((String) keyValues[i], keyValues[i + 1]);
    }
    return Arguments.of(name, values, kinds);
  }

  /**
   * A {@code monitoring.coreos.com/v1} CRD for {@code kind} holding what the chart writes:
   * selector, namespaceSelector, and a list {@code endpointsField} of port, path, interval and
   * scrapeTimeout, the durations with the Prometheus Operator's pattern.
   */
  private static String monitoringCrd(String kind, String plural, String endpointsField) {
    String duration =
        "{type: string, pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?"
            + "(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'}";
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %2$s.monitoring.coreos.com}
        spec:
          group: monitoring.coreos.com
          scope: Namespaced
          names: {kind: %1$s, listKind: %1$sList, plural: %2$s, singular: %4$s}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  required: [spec]
                  properties:
                    spec:
                      type: object
                      required: [selector]
                      properties:
                        selector:
                          type: object
                          properties:
                            matchLabels: {type: object, additionalProperties: {type: string}}
                        namespaceSelector:
                          type: object
                          properties:
                            any: {type: boolean}
                            matchNames: {type: array, items: {type: string}}
                        %3$s:
                          type: array
                          items:
                            type: object
                            properties:
                              port: {type: string}
                              path: {type: string}
                              interval: %5$s
                              scrapeTimeout: %5$s
        """
        .formatted(kind, plural, endpointsField, kind.toLowerCase(java.util.Locale.ROOT), duration);
  }
}
