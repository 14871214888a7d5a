package io.breakwater.controller.sync;

import static io.breakwater.controller.testing.TestManifests.INGRESS_CLASS;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.Manifests;

/** Manifests of small apps for sync tests: an Ingress, its Service, one EndpointSlice per pod. */
final class Apps {

  private Apps() {}

  /**
   * An app {@code name} in namespace {@code default} served on {@code host}, whose pods {@code
   * name-0}, {@code name-1}, … listen on {@code address:port} for each of {@code ports}.
   */
  static String app(String name, String host, String address, int... ports) {
    return app(name, host, "", address, ports);
  }

  /** As {@link #app(String, String, String, int...)}, with extra Ingress annotations (YAML map). */
  static String app(String name, String host, String annotations, String address, int... ports) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: default%s}
        spec:
          ingressClassName: breakwater
          rules:
            - host: %s
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: default}
        spec:
          ports: [{port: 80}]
        """
            .formatted(
                name,
                annotations.isEmpty() ? "" : ", annotations: {" + annotations + "}",
                host,
                name,
                name));
    for (int i = 0; i < ports.length; i++) {
      sb.append(
          """
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata: {name: %s-%d, namespace: default, labels: {kubernetes.io/service-name: %s}}
          addressType: IPv4
          ports: [{port: %d}]
          endpoints:
            - {addresses: [%s], conditions: {ready: true}, targetRef: {kind: Pod, name: %s-%d}}
          """
              .formatted(name, i, name, ports[i], address, name, i));
    }
    return sb.toString();
  }

  /** The snapshot of the documents given, with our IngressClass. */
  static ClusterSnapshot snapshot(String... documents) {
    return ClusterSnapshot.of(Manifests.parse(INGRESS_CLASS + String.join("\n", documents)));
  }
}
