package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code helm template} produced, parsed into fabric8's typed objects. */
final class Rendered {

  private static final YAMLMapper YAML = new YAMLMapper();

  final List<HasMetadata> objects;

  private Rendered(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  static Rendered parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        objects.add(Serialization.unmarshal(doc.toString(), HasMetadata.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rendered(objects);
  }

  List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).sorted().toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("objects of kind %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }

  Optional<GenericKubernetesResource> generic(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(o -> o.getKind().equals(kind))
        .findFirst();
  }

  /** The pod template of the Deployment or DaemonSet. */
  PodSpec podSpec() {
    List<Deployment> deployments = all(Deployment.class);
    List<DaemonSet> daemonSets = all(DaemonSet.class);
    assertThat(deployments.size() + daemonSets.size()).as("workloads").isEqualTo(1);
    return deployments.isEmpty()
        ? daemonSets.get(0).getSpec().getTemplate().getSpec()
        : deployments.get(0).getSpec().getTemplate().getSpec();
  }
}
