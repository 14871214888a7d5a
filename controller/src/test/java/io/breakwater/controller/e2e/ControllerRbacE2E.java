package io.breakwater.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.PolicyStatus;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart's RBAC for the controller (ClusterRole, Role for Leases and their bindings, taken
 * from deploy/breakwater.yaml), applied by the extension to a real API server with RBAC on: the
 * controller's identity can do everything its work needs and is forbidden the rest — checked by
 * asking the authorizer (SelfSubjectAccessReview) rule by rule, and by real requests.
 */
@ExtendWith(KubeApiServerExtension.class)
class ControllerRbacE2E {

  private final KubernetesClient admin;
  private final KubernetesClient controller;
  private final String ns;

  ControllerRbacE2E(KubeApi kube) {
    this.admin = kube.admin();
    this.controller = kube.controller();
    this.ns = kube.createNamespace("rbac");
  }

  @Test
  void theChartsClusterRoleIsBoundToTheControllersServiceAccount() {
    assertThat(admin.rbac().clusterRoles().withName("breakwater").get())
        .as(KubeApiServerExtension.INSTALL_MANIFEST)
        .isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName("breakwater").get().getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getNamespace()).isEqualTo(KubeApi.CONTROLLER_NAMESPACE);
              assertThat(s.getName()).isEqualTo(KubeApi.CONTROLLER_SERVICE_ACCOUNT);
            });
  }

  @ParameterizedTest(name = "{0} {1}/{2} {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          get    | networking.k8s.io   | ingresses       | -
          list   | networking.k8s.io   | ingresses       | -
          watch  | networking.k8s.io   | ingresses       | -
          list   | networking.k8s.io   | ingressclasses  | -
          watch  | networking.k8s.io   | ingressclasses  | -
          list   | -                   | services        | -
          watch  | -                   | services        | -
          list   | discovery.k8s.io    | endpointslices  | -
          watch  | discovery.k8s.io    | endpointslices  | -
          list   | -                   | endpoints       | -
          watch  | -                   | endpoints       | -
          get    | -                   | secrets         | -
          list   | -                   | secrets         | -
          watch  | -                   | secrets         | -
          list   | breakwater.io       | circuitbreakers | -
          watch  | breakwater.io       | circuitbreakers | -
          list   | breakwater.io       | retrypolicies   | -
          watch  | breakwater.io       | retrypolicies   | -
          update | networking.k8s.io   | ingresses       | status
          patch  | networking.k8s.io   | ingresses       | status
          update | breakwater.io       | circuitbreakers | status
          patch  | breakwater.io       | circuitbreakers | status
          update | breakwater.io       | retrypolicies   | status
          patch  | breakwater.io       | retrypolicies   | status
          create | -                   | events          | -
          patch  | -                   | events          | -
          create | events.k8s.io       | events          | -
          patch  | events.k8s.io       | events          | -
          """)
  void grantsWhatTheControllerNeeds(String verb, String group, String resource, String sub) {
    assertThat(allowed(controller, verb, group, resource, sub, ns)).isTrue();
  }

  @ParameterizedTest(name = "{0} leases")
  @CsvSource({"get", "create", "update", "patch"})
  void holdsLeasesInItsOwnNamespaceOnly(String verb) {
    assertThat(allowed(controller, verb, "coordination.k8s.io", "leases", null, ns)).isFalse();
    assertThat(
            allowed(
                controller,
                verb,
                "coordination.k8s.io",
                "leases",
                null,
                KubeApi.CONTROLLER_NAMESPACE))
        .isTrue();
  }

  @ParameterizedTest(name = "{0} {1}/{2} {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          create      | -                         | secrets             | -
          update      | -                         | secrets             | -
          delete      | -                         | secrets             | -
          create      | apps                      | deployments         | -
          list        | -                         | pods                | -
          list        | -                         | configmaps          | -
          update      | -                         | services            | -
          update      | networking.k8s.io         | ingresses           | -
          delete      | networking.k8s.io         | ingresses           | -
          create      | networking.k8s.io         | ingresses           | -
          update      | breakwater.io             | circuitbreakers     | -
          delete      | breakwater.io             | retrypolicies       | -
          update      | discovery.k8s.io          | endpointslices      | -
          delete      | coordination.k8s.io       | leases              | -
          delete      | -                         | events              | -
          create      | -                         | serviceaccounts     | token
          create      | rbac.authorization.k8s.io | clusterrolebindings | -
          escalate    | rbac.authorization.k8s.io | clusterroles        | -
          impersonate | -                         | users               | -
          """)
  void forbidsTheRest(String verb, String group, String resource, String sub) {
    assertThat(allowed(controller, verb, group, resource, sub, ns)).isFalse();
  }

  @Test
  void listsIngressesButMayNotDeleteASecretNorCreateADeployment() {
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("tls")
                .endMetadata()
                .addToStringData("key", "value")
                .build())
        .create();

    assertThat(controller.network().v1().ingresses().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(controller.secrets().inNamespace(ns).withName("tls").get()).isNotNull();
    assertForbidden(() -> controller.secrets().inNamespace(ns).withName("tls").delete());
    assertForbidden(
        () ->
            controller
                .apps()
                .deployments()
                .inNamespace(ns)
                .resource(
                    new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("intruder")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "intruder")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "intruder")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create());
    assertThat(admin.secrets().inNamespace(ns).withName("tls").get()).isNotNull();
  }

  @Test
  void writesIngressStatusButNotTheIngress() {
    admin
        .network()
        .v1()
        .ingresses()
        .inNamespace(ns)
        .resource(
            new IngressBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withIngressClassName("breakwater")
                .withNewDefaultBackend()
                .withNewService()
                .withName("web")
                .withNewPort()
                .withNumber(80)
                .endPort()
                .endService()
                .endDefaultBackend()
                .endSpec()
                .build())
        .create();
    var ingress = controller.network().v1().ingresses().inNamespace(ns).withName("web");

    Ingress seen = ingress.get();
    seen.setStatus(
        new io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder()
            .withNewLoadBalancer()
            .withIngress(new IngressLoadBalancerIngressBuilder().withIp("192.0.2.10").build())
            .endLoadBalancer()
            .build());
    controller.network().v1().ingresses().inNamespace(ns).resource(seen).updateStatus();

    assertThat(admin.network().v1().ingresses().inNamespace(ns).withName("web").get())
        .extracting(i -> i.getStatus().getLoadBalancer().getIngress().get(0).getIp())
        .isEqualTo("192.0.2.10");
    assertForbidden(
        () ->
            ingress.edit(
                i ->
                    new IngressBuilder(i)
                        .editSpec()
                        .withIngressClassName("other")
                        .endSpec()
                        .build()));
  }

  @Test
  void writesPolicyStatusEventsAndItsLease() {
    CircuitBreaker breaker =
        Serialization.unmarshal(
            """
            apiVersion: breakwater.io/v1alpha1
            kind: CircuitBreaker
            metadata: {name: api}
            spec:
              targetRef: {kind: Service, name: api}
            """,
            CircuitBreaker.class);
    admin.resources(CircuitBreaker.class).inNamespace(ns).resource(breaker).create();
    var breakers = controller.resources(CircuitBreaker.class).inNamespace(ns);

    CircuitBreaker seen = breakers.withName("api").get();
    seen.setStatus(new PolicyStatus(List.of(KubeApiServerE2E.accepted(1L)), 1L));
    breakers.resource(seen).updateStatus();
    controller
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName("api-")
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(breaker.getApiVersion())
                .withKind(breaker.getKind())
                .withNamespace(ns)
                .withName("api")
                .withUid(seen.getMetadata().getUid())
                .endInvolvedObject()
                .withType("Normal")
                .withReason("Accepted")
                .withMessage("e2e")
                .build())
        .create();
    var leases = controller.leases().inNamespace(KubeApi.CONTROLLER_NAMESPACE);
    Lease lease =
        leases
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName("breakwater-leader-" + ns)
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("replica-a")
                    .withLeaseDurationSeconds(15)
                    .endSpec()
                    .build())
            .create();
    lease.getSpec().setHolderIdentity("replica-b");
    leases.resource(lease).update();

    assertThat(admin.resources(CircuitBreaker.class).inNamespace(ns).withName("api").get())
        .extracting(b -> b.getStatus().conditions().get(0).getType())
        .isEqualTo(PolicyStatus.ACCEPTED);
    assertThat(admin.v1().events().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(leases.withName(lease.getMetadata().getName()).get().getSpec().getHolderIdentity())
        .isEqualTo("replica-b");
    assertForbidden(() -> breakers.withName("api").delete());
  }

  private static void assertForbidden(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static boolean allowed(
      KubernetesClient client, String verb, String group, String resource, String sub, String ns) {
    return KubeApiServerExtension.allowed(client, verb, group, resource, sub, ns);
  }
}
