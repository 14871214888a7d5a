package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Map;

/**
 * Which Ingresses are ours, as the Ingress API and the other controllers decide it:
 *
 * <ol>
 *   <li>only in watched namespaces;
 *   <li>{@code spec.ingressClassName} names our class, and that IngressClass exists with our
 *       controller value;
 *   <li>without {@code spec.ingressClassName}, the legacy annotation {@value #LEGACY_CLASS} names
 *       our class (the IngressClass need not exist, as before IngressClass did);
 *   <li>with neither, when our IngressClass is the cluster's default ({@value #DEFAULT_CLASS} is
 *       {@code "true"}) or we are told to watch Ingresses without a class.
 * </ol>
 */
final class IngressSelector {

  /** The annotation that named the class before {@code spec.ingressClassName}. */
  static final String LEGACY_CLASS = "kubernetes.io/ingress.class";

  /** The IngressClass annotation that makes a class the default for Ingresses without one. */
  static final String DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class";

  private IngressSelector() {}

  /** Ours, oldest first. Reports Ingresses that name our class when the class is missing. */
  static List<Ingress> select(
      List<Ingress> all, SnapshotIndex index, TranslateOptions options, Problems problems) {
    IngressClass ourClass = index.ingressClass(options.ingressClass());
    String controller =
        ourClass == null || ourClass.getSpec() == null ? null : ourClass.getSpec().getController();
    String unusable =
        ourClass == null
            ? "IngressClass " + options.ingressClass() + " does not exist"
            : !options.controllerName().equals(controller)
                ? "IngressClass "
                    + options.ingressClass()
                    + " has spec.controller "
                    + controller
                    + ", not "
                    + options.controllerName()
                : null;
    boolean defaultClass = unusable == null && isDefault(ourClass);
    return all.stream()
        .filter(i -> options.watches(ObjectRef.namespaceOf(i)))
        .filter(i -> ours(i, options, unusable, defaultClass, problems))
        .sorted(OldestFirst.ORDER)
        .toList();
  }

  private static boolean ours(
      Ingress i,
      TranslateOptions options,
      String unusable,
      boolean defaultClass,
      Problems problems) {
    String className = i.getSpec() == null ? null : i.getSpec().getIngressClassName();
    if (className != null && !className.isEmpty()) {
      if (!className.equals(options.ingressClass())) {
        return false;
      }
      if (unusable != null) {
        problems.error(
            ObjectRef.of(i), "spec.ingressClassName", unusable + "; the Ingress is not served");
      }
      return unusable == null;
    }
    Map<String, String> annotations = i.getMetadata().getAnnotations();
    String legacy = annotations == null ? null : annotations.get(LEGACY_CLASS);
    if (legacy != null) {
      return legacy.equals(options.ingressClass());
    }
    return defaultClass || options.watchIngressWithoutClass();
  }

  private static boolean isDefault(IngressClass c) {
    Map<String, String> annotations = c.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(DEFAULT_CLASS));
  }
}
