package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * The order that settles every conflict: oldest {@code creationTimestamp} first, then namespace,
 * then name. An object without a (readable) timestamp, as manifests often are, comes after those
 * with one.
 */
final class OldestFirst {

  static final Comparator<HasMetadata> ORDER =
      Comparator.comparing(OldestFirst::created, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ObjectRef::namespaceOf)
          .thenComparing(o -> o.getMetadata().getName());

  private OldestFirst() {}

  private static Instant created(HasMetadata o) {
    String t = o.getMetadata().getCreationTimestamp();
    if (t == null) {
      return null;
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
