package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Texts;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves what an Ingress backend names to a {@link ServiceBackend}, reporting what is missing at
 * the Ingress field that names it. A missing Service or port still gives a backend, without
 * servers, so its routes answer 503 (as they would while the Service has no ready pods) rather than
 * falling through to another rule.
 */
final class ServiceBackends {

  private ServiceBackends() {}

  /**
   * The backend, or {@code null} when the reference is incomplete (no name or port) and so names
   * nothing.
   *
   * @param field the path of the {@code service} reference in the Ingress
   */
  static ServiceBackend resolve(
      IngressServiceBackend ref,
      String namespace,
      ObjectRef ingress,
      String field,
      SnapshotIndex index,
      TranslateOptions options,
      Problems problems) {
    String name = ref.getName();
    if (name == null || name.isEmpty()) {
      problems.error(ingress, field + ".name", "missing (expected: the name of a Service)");
      return null;
    }
    ServiceBackendPort port = ref.getPort();
    Integer number = port == null ? null : port.getNumber();
    String portName = port == null ? null : port.getName();
    if ((number == null || number == 0) && (portName == null || portName.isEmpty())) {
      problems.error(ingress, field + ".port", "missing (expected: a Service port number or name)");
      return null;
    }
    String label = number != null && number != 0 ? Integer.toString(number) : portName;
    String portField = field + (number != null && number != 0 ? ".port.number" : ".port.name");
    Service service = index.service(namespace, name);
    if (service == null) {
      problems.error(
          ingress,
          field + ".name",
          "Service " + namespace + "/" + name + " not found; requests get 503 until it exists");
      return new ServiceBackend(namespace, name, label, null, null, 0);
    }
    List<ServicePort> ports =
        service.getSpec() == null || service.getSpec().getPorts() == null
            ? List.of()
            : service.getSpec().getPorts();
    ServiceBackend backend = null;
    for (ServicePort p : ports) {
      boolean match =
          number != null && number != 0 ? number.equals(p.getPort()) : portName.equals(p.getName());
      if (match && p.getPort() != null) {
        backend =
            new ServiceBackend(
                namespace, name, Integer.toString(p.getPort()), service, p, p.getPort());
        break;
      }
    }
    if (backend == null && ports.isEmpty() && number != null && number != 0) {
      // A Service without ports (headless, ExternalName): the Ingress's number is the port.
      backend = new ServiceBackend(namespace, name, label, service, null, number);
    }
    if (backend == null) {
      problems.error(
          ingress,
          portField,
          "Service "
              + namespace
              + "/"
              + name
              + " has no port "
              + (number != null && number != 0 ? label : Texts.quote(label))
              + " (its ports: "
              + describe(ports)
              + "); requests get 503");
      return new ServiceBackend(namespace, name, label, service, null, 0);
    }
    if (backend.isExternalName()) {
      externalName(backend, ingress, field, options, problems);
    }
    return backend;
  }

  private static void externalName(
      ServiceBackend b, ObjectRef ingress, String field, TranslateOptions options, Problems p) {
    String what = "Service " + b.namespace() + "/" + b.serviceName();
    if (!options.externalNameServices()) {
      p.error(
          ingress,
          field + ".name",
          what
              + " is of type ExternalName, which this controller does not route to (disabled);"
              + " requests get 503");
      return;
    }
    String host = b.service().getSpec().getExternalName();
    if (host == null || HostPort.parse(host + ":" + b.portNumber()) == null) {
      p.error(
          ingress,
          field + ".name",
          what
              + " has spec.externalName "
              + Texts.quote(String.valueOf(host))
              + ", which is not a DNS name; requests get 503");
    }
  }

  private static String describe(List<ServicePort> ports) {
    if (ports.isEmpty()) {
      return "none";
    }
    return ports.stream()
        .map(
            p ->
                p.getName() == null || p.getName().isEmpty()
                    ? "" + p.getPort()
                    : p.getPort() + "/" + p.getName())
        .collect(Collectors.joining(", "));
  }
}
