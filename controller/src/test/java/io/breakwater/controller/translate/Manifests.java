package io.breakwater.controller.translate;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/** Reads multi-document Kubernetes YAML into fabric8 objects, our resources included. */
public final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = serialization();

  private Manifests() {}

  /** The objects of the documents, in order; empty documents are skipped. */
  public static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      for (Object o : list) {
        if (o != null) {
          out.add((HasMetadata) o);
        }
      }
    } else if (parsed != null) {
      out.add((HasMetadata) parsed);
    }
    return out;
  }

  private static KubernetesSerialization serialization() {
    KubernetesSerialization s = new KubernetesSerialization();
    s.registerKubernetesResource(CircuitBreaker.class);
    s.registerKubernetesResource(RetryPolicy.class);
    return s;
  }
}
