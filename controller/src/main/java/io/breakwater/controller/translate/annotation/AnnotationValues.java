package io.breakwater.controller.translate.annotation;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Parsed annotation values, each typed by its annotation. */
public final class AnnotationValues {

  private final Map<Annotation<?>, Object> values = new IdentityHashMap<>();

  /** The value of {@code a}, or {@code null} when it has none. */
  @SuppressWarnings("unchecked")
  public <T> T get(Annotation<T> a) {
    return (T) values.get(a);
  }

  public <T> void put(Annotation<T> a, T value) {
    values.put(a, Objects.requireNonNull(value, "value"));
  }

  public boolean has(Annotation<?> a) {
    return values.containsKey(a);
  }

  /** The annotations that have a value. */
  public Set<Annotation<?>> annotations() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** Applies the value of {@code a}, when there is one, to the draft. */
  public <T> void applyTo(Annotation<T> a, BackendDraft draft) {
    T value = get(a);
    if (value != null) {
      a.apply(value, draft);
    }
  }
}
