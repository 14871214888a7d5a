package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The controller's permissions are exactly what it needs: read what it translates, write the status
 * of what it serves, report Events, hold a Lease — nothing more.
 */
class ChartRbacTest {

  /** Every permission as "group/resource:verb", the form a review compares line by line. */
  static final Set<String> CLUSTER_WIDE =
      Set.of(
          "/services:get",
          "/services:list",
          "/services:watch",
          "/endpoints:get",
          "/endpoints:list",
          "/endpoints:watch",
          "/secrets:get",
          "/secrets:list",
          "/secrets:watch",
          "discovery.k8s.io/endpointslices:get",
          "discovery.k8s.io/endpointslices:list",
          "discovery.k8s.io/endpointslices:watch",
          "networking.k8s.io/ingresses:get",
          "networking.k8s.io/ingresses:list",
          "networking.k8s.io/ingresses:watch",
          "networking.k8s.io/ingressclasses:get",
          "networking.k8s.io/ingressclasses:list",
          "networking.k8s.io/ingressclasses:watch",
          "breakwater.io/circuitbreakers:get",
          "breakwater.io/circuitbreakers:list",
          "breakwater.io/circuitbreakers:watch",
          "breakwater.io/retrypolicies:get",
          "breakwater.io/retrypolicies:list",
          "breakwater.io/retrypolicies:watch",
          "networking.k8s.io/ingresses/status:update",
          "networking.k8s.io/ingresses/status:patch",
          "breakwater.io/circuitbreakers/status:update",
          "breakwater.io/circuitbreakers/status:patch",
          "breakwater.io/retrypolicies/status:update",
          "breakwater.io/retrypolicies/status:patch",
          "/events:create",
          "/events:patch",
          "events.k8s.io/events:create",
          "events.k8s.io/events:patch");

  static final Set<String> NAMESPACED =
      Set.of(
          "coordination.k8s.io/leases:get",
          "coordination.k8s.io/leases:create",
          "coordination.k8s.io/leases:update",
          // fabric8's LeaseLock renews and releases the Lease with PATCH.
          "coordination.k8s.io/leases:patch");

  private final Rendered rendered = Chart.render();

  @Test
  void clusterRoleGrantsExactlyWhatTheControllerUses() {
    ClusterRole role = rendered.one(ClusterRole.class);
    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(CLUSTER_WIDE));
    assertThat(role.getRules())
        .allSatisfy(
            r -> {
              assertThat(r.getResourceNames()).as("resourceNames").isNullOrEmpty();
              assertThat(r.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
            });
  }

  @Test
  void neverWritesSpecsNorDeletesNorUsesWildcards() {
    Stream.concat(
            rendered.one(ClusterRole.class).getRules().stream(),
            rendered.one(Role.class).getRules().stream())
        .forEach(
            r -> {
              assertThat(r.getVerbs())
                  .doesNotContain(
                      "*", "delete", "deletecollection", "escalate", "bind", "impersonate");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
              if (r.getVerbs().contains("update") || r.getVerbs().contains("patch")) {
                assertThat(r.getResources())
                    .as("what it may change")
                    .allMatch(
                        res ->
                            res.endsWith("/status")
                                || res.equals("events")
                                || res.equals("leases"));
              }
            });
  }

  @Test
  void leasesOnlyInTheReleaseNamespace() {
    Role role = rendered.one(Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(permissions(role.getRules())).containsExactlyInAnyOrderElementsOf(NAMESPACED);
  }

  @Test
  void bindingsNameTheReleasesServiceAccount() {
    Subject expected = new Subject(null, "ServiceAccount", "breakwater", Chart.NAMESPACE);
    ClusterRoleBinding crb = rendered.one(ClusterRoleBinding.class);
    assertThat(crb.getRoleRef().getName())
        .isEqualTo(rendered.one(ClusterRole.class).getMetadata().getName());
    assertThat(crb.getSubjects()).containsExactly(expected);
    RoleBinding rb = rendered.one(RoleBinding.class);
    assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(rb.getSubjects()).containsExactly(expected);
  }

  @Test
  void rbacOffCreatesNoRolesAndAForeignServiceAccountIsUsed() {
    Rendered r =
        Chart.render(
            Map.of(
                "rbac", Map.of("create", false),
                "serviceAccount", Map.of("create", false, "name", "ops-managed")));
    assertThat(r.kinds())
        .doesNotContain(
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");
    assertThat(r.podSpec().getServiceAccountName()).isEqualTo("ops-managed");
  }

  static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> out = new TreeSet<>();
    for (PolicyRule r : rules) {
      for (String group : r.getApiGroups()) {
        for (String resource : r.getResources()) {
          for (String verb : r.getVerbs()) {
            out.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return out;
  }
}
