package io.breakwater.controller.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.Objects;

/**
 * A namespaced Kubernetes object by kind and name, as problems, events and statuses refer to it.
 *
 * @param kind the object's kind, e.g. {@code Ingress}
 * @param namespace its namespace; objects read without one (from manifests) are in {@code default}
 * @param name its name
 */
public record ObjectRef(String kind, String namespace, String name)
    implements Comparable<ObjectRef> {

  /** The namespace of objects that do not say theirs, as {@code kubectl apply} would put them. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final Comparator<ObjectRef> ORDER =
      Comparator.comparing(ObjectRef::kind)
          .thenComparing(ObjectRef::namespace)
          .thenComparing(ObjectRef::name);

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The reference of an object, its namespace defaulted to {@value #DEFAULT_NAMESPACE}. */
  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(object.getKind(), namespaceOf(object), object.getMetadata().getName());
  }

  /** The object's namespace, or {@value #DEFAULT_NAMESPACE} when it has none. */
  public static String namespaceOf(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? DEFAULT_NAMESPACE : ns;
  }

  /** {@code namespace/name}, how kubectl and the controller's logs name an object of known kind. */
  public String namespacedName() {
    return namespace + "/" + name;
  }

  /** {@code Kind namespace/name}. */
  @Override
  public String toString() {
    return kind + " " + namespacedName();
  }

  @Override
  public int compareTo(ObjectRef o) {
    return ORDER.compare(this, o);
  }
}
