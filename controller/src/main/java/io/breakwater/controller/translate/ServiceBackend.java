package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * A Service port that routes send requests to, as an Ingress backend names it: one dataplane
 * backend.
 *
 * @param namespace the Ingress's (and so the Service's) namespace
 * @param serviceName the Service's name
 * @param port the Service port number when it resolved, else the number or name the Ingress wrote
 * @param service the Service; {@code null} when it does not exist
 * @param servicePort the Service's port entry; {@code null} when it does not exist, or when the
 *     Service has no ports at all (headless or ExternalName) and the Ingress gave a number
 * @param portNumber the Service port number, or the Ingress's number for a Service without ports; 0
 *     when unknown
 */
record ServiceBackend(
    String namespace,
    String serviceName,
    String port,
    Service service,
    ServicePort servicePort,
    int portNumber) {

  /** The backend's name: {@code namespace/service/port}. */
  String name() {
    return namespace + "/" + serviceName + "/" + port;
  }

  ObjectRef serviceRef() {
    return new ObjectRef("Service", namespace, serviceName);
  }

  boolean isExternalName() {
    return service != null
        && service.getSpec() != null
        && "ExternalName".equals(service.getSpec().getType());
  }

  /** Whether servers can be found for it at all. */
  boolean resolved() {
    return service != null && portNumber > 0;
  }
}
