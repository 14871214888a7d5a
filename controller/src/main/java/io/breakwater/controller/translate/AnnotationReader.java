package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.annotation.Annotation;
import io.breakwater.controller.translate.annotation.Annotation.Target;
import io.breakwater.controller.translate.annotation.AnnotationValues;
import io.breakwater.controller.translate.annotation.Annotations;
import io.breakwater.controller.translate.annotation.InvalidValueException;
import io.breakwater.dataplane.config.Texts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code breakwater.io/} annotations of Ingresses and Services through the registry, each
 * object once, and reports what cannot be used: an invalid value (Error), a value the dataplane
 * does not support yet (Warning), an Ingress-only key on a Service (Warning), an unknown key
 * (Warning, with a "did you mean").
 */
final class AnnotationReader {

  static final String NOT_SUPPORTED = "recognized but not supported by the dataplane yet; ignored";

  private final Problems problems;
  private final Map<ObjectRef, ObjectAnnotations> read = new HashMap<>();

  AnnotationReader(Problems problems) {
    this.problems = problems;
  }

  /** The object's annotations; the first call for an object reports its problems. */
  ObjectAnnotations read(HasMetadata object) {
    return read.computeIfAbsent(ObjectRef.of(object), ref -> parse(ref, object));
  }

  private ObjectAnnotations parse(ObjectRef ref, HasMetadata object) {
    boolean service = object instanceof Service;
    AnnotationValues values = new AnnotationValues();
    boolean errors = false;
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations == null) {
      return new ObjectAnnotations(ref, values, false);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(Annotation.PREFIX)) {
        continue;
      }
      String field = "metadata.annotations[" + key + "]";
      Annotation<?> a = Annotations.byKey(key);
      if (a == null) {
        String hint = Texts.closest(key, Annotations.keys());
        problems.warning(
            ref,
            field,
            "unknown annotation"
                + (hint != null ? ", did you mean " + hint + "?" : "")
                + "; see docs/annotations.md");
        continue;
      }
      if (service && !a.scope().onServices()) {
        problems.warning(ref, field, "applies to Ingresses only; ignored on a Service");
        continue;
      }
      try {
        put(values, a, e.getValue() == null ? "" : e.getValue());
        if (!a.supported()) {
          problems.warning(ref, field, NOT_SUPPORTED);
        }
      } catch (InvalidValueException ex) {
        problems.error(ref, field, ex.getMessage() + "; ignored");
        // Route settings of an Ingress do not touch its backends, whose settings stay current.
        errors |= a.supported() && !(a.target() == Target.ROUTE && !a.scope().onServices());
      }
    }
    return new ObjectAnnotations(ref, values, errors);
  }

  private static <T> void put(AnnotationValues values, Annotation<T> a, String text) {
    values.put(a, a.parse(text));
  }
}
