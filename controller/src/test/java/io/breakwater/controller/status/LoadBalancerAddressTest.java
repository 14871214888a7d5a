package io.breakwater.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --publish-address} values and the addresses a published Service has. */
class LoadBalancerAddressTest {

  @Test
  void publishAddressTakesIpsAndHostnamesSortedWithoutRepeats() {
    assertThat(LoadBalancerAddress.parseList("lb.example.com, 203.0.113.7,2001:db8::1,203.0.113.7"))
        .containsExactly(
            new LoadBalancerAddress("2001:db8::1", null),
            new LoadBalancerAddress("203.0.113.7", null),
            new LoadBalancerAddress(null, "lb.example.com"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "203.0.113.7,", "LB.example.com", "lb.example.com:80", "a_b.example.com"})
  void aBadPublishAddressNamesTheFlagTheValueAndTheForm(String bad) {
    assertThatThrownBy(() -> LoadBalancerAddress.parseList(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--publish-address: ")
        .hasMessageContaining("expected: comma-separated IP addresses or lower-case DNS names");
  }

  @Test
  void aServicePublishesItsLoadBalancerThenExternalIpsThenClusterIp() {
    Service lb =
        service("LoadBalancer", "10.96.0.10", List.of("192.0.2.1"))
            .editOrNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withHostname("elb.example.com")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    assertThat(LoadBalancerAddress.of(lb))
        .containsExactly(new LoadBalancerAddress(null, "elb.example.com"));
    assertThat(
            LoadBalancerAddress.of(service("NodePort", "10.96.0.10", List.of("192.0.2.1")).build()))
        .containsExactly(new LoadBalancerAddress("192.0.2.1", null));
    assertThat(LoadBalancerAddress.of(service("ClusterIP", "10.96.0.10", List.of()).build()))
        .containsExactly(new LoadBalancerAddress("10.96.0.10", null));
    assertThat(LoadBalancerAddress.of(service("ClusterIP", "None", List.of()).build())).isEmpty();
  }

  private static ServiceBuilder service(String type, String clusterIp, List<String> externalIps) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("breakwater")
        .withNamespace("ingress")
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .withClusterIP(clusterIp)
        .withExternalIPs(externalIps)
        .endSpec();
  }
}
