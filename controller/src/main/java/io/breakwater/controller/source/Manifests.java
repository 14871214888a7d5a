package io.breakwater.controller.source;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kubernetes manifests, YAML (several documents separated by {@code ---}) or JSON, into
 * fabric8 objects, Breakwater's resources included, as {@code kubectl apply -f} would read them.
 */
public final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = serialization();

  /** Where a YAML parser says the error is, e.g. {@code line 3, column 1}. */
  private static final Pattern LOCATION = Pattern.compile("line \\d+, column \\d+");

  private Manifests() {}

  /**
   * The objects of the documents, in order: empty documents are skipped, a {@code List} (kind
   * {@code List}, as {@code kubectl get -o yaml} writes) stands for its items.
   *
   * @throws IllegalArgumentException with a one-line message when the text is not YAML or JSON, a
   *     document is not a Kubernetes object (it needs {@code apiVersion} and {@code kind}), a field
   *     has the wrong type, or an object has no {@code metadata.name}
   */
  public static List<HasMetadata> parse(String text) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(oneLine(e), e);
    }
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof List<?> documents) {
      for (int i = 0; i < documents.size(); i++) {
        add(documents.get(i), i + 1, out);
      }
    } else {
      add(parsed, 1, out);
    }
    return out;
  }

  private static void add(Object document, int number, List<HasMetadata> out) {
    if (document == null) {
      return;
    }
    if (document instanceof KubernetesResourceList<?> list) {
      for (HasMetadata item : list.getItems()) {
        add(item, number, out);
      }
      return;
    }
    if (!(document instanceof HasMetadata object)) {
      throw new IllegalArgumentException(
          "document "
              + number
              + ": not a Kubernetes object (expected: apiVersion, kind, metadata)");
    }
    if (object.getMetadata() == null
        || object.getMetadata().getName() == null
        || object.getMetadata().getName().isEmpty()) {
      throw new IllegalArgumentException(
          "document " + number + " (" + object.getKind() + "): metadata.name is required");
    }
    out.add(object);
  }

  /** The parser's first line and where it says the error is, without echoed source lines. */
  private static String oneLine(RuntimeException e) {
    String message = String.valueOf(e.getMessage()).strip();
    String first = message.lines().findFirst().orElse(message).strip();
    first = first.replace(" at [Source: UNKNOWN; byte offset: #UNKNOWN]", "");
    Matcher m = LOCATION.matcher(message);
    if (m.find() && !first.contains(m.group())) {
      return first + " (" + m.group() + ")";
    }
    return first;
  }

  private static KubernetesSerialization serialization() {
    KubernetesSerialization s = new KubernetesSerialization();
    s.registerKubernetesResource(CircuitBreaker.class);
    s.registerKubernetesResource(RetryPolicy.class);
    return s;
  }
}
