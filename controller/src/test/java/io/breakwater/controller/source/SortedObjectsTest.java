package io.breakwater.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedObjectsTest {

  private static EndpointSlice slice(String namespace, String name, int version) {
    return new EndpointSliceBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withResourceVersion(Integer.toString(version))
                .build())
        .withAddressType("IPv4")
        .build();
  }

  /** What a snapshot held before: every object of the kind, sorted again from scratch. */
  private static List<EndpointSlice> freshSort(Map<String, EndpointSlice> objects) {
    List<EndpointSlice> out = new ArrayList<>(objects.values());
    out.sort(SortedObjects.ORDER);
    return out;
  }

  @Test
  void randomChangesKeepTheListEqualToAFullSortOfTheSameObjects() {
    Random random = new Random(7);
    Map<String, EndpointSlice> truth = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      EndpointSlice s = slice("ns-" + random.nextInt(5), "slice-" + random.nextInt(200), 0);
      truth.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    }
    SortedObjects<EndpointSlice> sorted = new SortedObjects<>();
    sorted.reset(truth.values());
    assertThat(sorted.list()).containsExactlyElementsOf(freshSort(truth));
    for (int change = 1; change <= 2000; change++) {
      String ns = "ns-" + random.nextInt(6); // a namespace the first list did not have, too
      String name = "slice-" + random.nextInt(250);
      String key = ns + "/" + name;
      if (random.nextInt(4) == 0) {
        assertThat(sorted.remove(ns, name)).isEqualTo(truth.remove(key) != null);
      } else {
        EndpointSlice s = slice(ns, name, change);
        truth.put(key, s);
        assertThat(sorted.put(s)).isTrue();
      }
      if (change % 10 == 0) {
        // the same instances in the same order as sorting everything again
        List<EndpointSlice> expected = freshSort(truth);
        List<EndpointSlice> actual = sorted.list();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
          assertThat(actual.get(i)).isSameAs(expected.get(i));
        }
        assertThat(sorted.size()).isEqualTo(truth.size());
      }
    }
  }

  @Test
  void theListIsTheSameInstanceUntilSomethingChanges() {
    SortedObjects<EndpointSlice> sorted = new SortedObjects<>();
    EndpointSlice a = slice("shop", "a", 1);
    sorted.reset(List.of(slice("shop", "b", 1), a));
    List<EndpointSlice> first = sorted.list();
    assertThat(first).extracting(s -> s.getMetadata().getName()).containsExactly("a", "b");

    assertThat(sorted.put(a)).as("the very instance held").isFalse();
    assertThat(sorted.remove("shop", "c")).as("not held").isFalse();
    assertThat(sorted.list()).isSameAs(first);

    EndpointSlice a2 = slice("shop", "a", 2);
    assertThat(sorted.put(a2)).isTrue();
    List<EndpointSlice> second = sorted.list();
    assertThat(second).isNotSameAs(first);
    assertThat(second.get(0)).isSameAs(a2);
    assertThat(sorted.get("shop", "a")).isSameAs(a2);
    assertThat(first.get(0)).as("a list given out never changes").isSameAs(a);
  }

  @Test
  void clusterScopedObjectsSortByName() {
    SortedObjects<IngressClass> sorted = new SortedObjects<>();
    for (String name : List.of("nginx", "breakwater", "other")) {
      sorted.put(
          new IngressClassBuilder()
              .withMetadata(new ObjectMetaBuilder().withName(name).build())
              .build());
    }
    assertThat(sorted.list())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("breakwater", "nginx", "other");
    assertThat(sorted.remove(null, "nginx")).isTrue();
    assertThat(sorted.get(null, "other")).isNotNull();
    assertThat(sorted.size()).isEqualTo(2);
  }
}
