package io.breakwater.controller.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The objects of one kind sorted by namespace and name ({@link #ORDER}), kept sorted as single
 * objects are put and removed: a binary search finds an object's place, so a change costs O(log n)
 * comparisons (plus, for an object added or removed, moving the references after it) instead of
 * sorting the whole kind again. {@link #list()} gives an immutable copy, the same instance until
 * the next change. Thread-safe.
 */
public final class SortedObjects<T extends HasMetadata> {

  /**
   * By namespace, then name. A cluster-scoped object's null namespace compares as {@code "null"},
   * as it always has; a kind is either namespaced or not, so the two never mix.
   */
  public static final Comparator<HasMetadata> ORDER =
      Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> o.getMetadata().getName());

  private final ArrayList<T> sorted = new ArrayList<>();
  private List<T> published = List.of();
  private boolean stale;

  /** Holds exactly {@code objects} from now on: one full sort. */
  public synchronized void reset(Collection<? extends T> objects) {
    sorted.clear();
    sorted.addAll(objects);
    sorted.sort(ORDER);
    sorted.trimToSize();
    stale = true;
  }

  /**
   * Adds {@code object}, or replaces the one with its namespace and name.
   *
   * @return whether anything changed: false when that very instance is already held
   */
  public synchronized boolean put(T object) {
    Objects.requireNonNull(object, "object");
    int i = indexOf(object.getMetadata().getNamespace(), object.getMetadata().getName());
    if (i >= 0) {
      if (sorted.get(i) == object) {
        return false;
      }
      sorted.set(i, object);
    } else {
      sorted.add(-i - 1, object);
    }
    stale = true;
    return true;
  }

  /**
   * Removes the object with this namespace ({@code null} for a cluster-scoped one) and name.
   *
   * @return whether one was held
   */
  public synchronized boolean remove(String namespace, String name) {
    int i = indexOf(namespace, name);
    if (i < 0) {
      return false;
    }
    sorted.remove(i);
    stale = true;
    return true;
  }

  /** The object with this namespace and name, or null. */
  public synchronized T get(String namespace, String name) {
    int i = indexOf(namespace, name);
    return i < 0 ? null : sorted.get(i);
  }

  /** How many objects are held. */
  public synchronized int size() {
    return sorted.size();
  }

  /** The objects in {@link #ORDER}, immutable: the same instance while nothing changed. */
  public synchronized List<T> list() {
    if (stale) {
      published = List.copyOf(sorted);
      stale = false;
    }
    return published;
  }

  /** As {@link java.util.Collections#binarySearch}: the index, or -(insertion point) - 1. */
  private int indexOf(String namespace, String name) {
    String ns = String.valueOf(namespace);
    int low = 0;
    int high = sorted.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      var m = sorted.get(mid).getMetadata();
      int c = String.valueOf(m.getNamespace()).compareTo(ns);
      if (c == 0) {
        c = m.getName().compareTo(name);
      }
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }
}
