package io.breakwater.controller.translate;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lookups into a snapshot by namespace and name, built once per translation. */
final class SnapshotIndex {

  /** The label that ties an EndpointSlice to its Service. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, List<EndpointSlice>> slices = new HashMap<>();
  private final Map<String, Endpoints> endpoints = new HashMap<>();
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, IngressClass> classes = new HashMap<>();

  SnapshotIndex(ClusterSnapshot s) {
    s.services().forEach(o -> services.put(key(o), o));
    s.endpoints().forEach(o -> endpoints.put(key(o), o));
    s.secrets().forEach(o -> secrets.put(key(o), o));
    s.ingressClasses().forEach(o -> classes.put(o.getMetadata().getName(), o));
    for (EndpointSlice slice : s.endpointSlices()) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (service != null) {
        slices
            .computeIfAbsent(ObjectRef.namespaceOf(slice) + "/" + service, k -> new ArrayList<>())
            .add(slice);
      }
    }
  }

  Service service(String namespace, String name) {
    return services.get(namespace + "/" + name);
  }

  /** The EndpointSlices labelled with the Service's name, in snapshot order. */
  List<EndpointSlice> slices(String namespace, String service) {
    return slices.getOrDefault(namespace + "/" + service, List.of());
  }

  Endpoints endpoints(String namespace, String name) {
    return endpoints.get(namespace + "/" + name);
  }

  Secret secret(String namespace, String name) {
    return secrets.get(namespace + "/" + name);
  }

  IngressClass ingressClass(String name) {
    return classes.get(name);
  }

  private static String key(HasMetadata o) {
    return ObjectRef.namespaceOf(o) + "/" + o.getMetadata().getName();
  }
}
