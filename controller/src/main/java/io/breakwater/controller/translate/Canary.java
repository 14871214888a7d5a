package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.annotation.Annotation;
import io.breakwater.controller.translate.annotation.AnnotationValues;
import io.breakwater.controller.translate.annotation.Annotations;
import io.breakwater.dataplane.config.SplitBackend;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;

/**
 * What a canary Ingress asks of the routes it joins: the split entry its backend gets. Read from
 * the {@code breakwater.io/canary*} annotations by {@link #read}.
 *
 * @param percent the share of the requests no header or cookie took, in whole percents
 * @param header the header match, or {@code null}
 * @param cookie the cookie match, or {@code null}
 */
record Canary(int percent, SplitBackend.Match header, SplitBackend.Match cookie) {

  /** The value {@code canary-by-header} and {@code canary-by-cookie} match without another. */
  static final String ALWAYS = "always";

  /** What an Ingress is, as far as canaries go. */
  enum Role {
    /** An ordinary Ingress: makes routes. */
    PRIMARY,
    /** A canary: joins other Ingresses' routes. */
    CANARY,
    /** A canary with an invalid annotation, or one that cannot tell: makes nothing. */
    IGNORED
  }

  /** The Ingress's role, and its canary when it is one. */
  record Reading(Role role, Canary canary) {}

  private static final List<Annotation<?>> SETTINGS =
      List.of(
          Annotations.CANARY_WEIGHT,
          Annotations.CANARY_WEIGHT_TOTAL,
          Annotations.CANARY_BY_HEADER,
          Annotations.CANARY_BY_HEADER_VALUE,
          Annotations.CANARY_BY_COOKIE);

  /** The split entry that sends this canary's share to {@code backend}. */
  SplitBackend to(String backend) {
    return new SplitBackend(backend, percent, header, cookie);
  }

  /**
   * Reads an Ingress's canary annotations, whose values {@code values} holds (the invalid ones
   * already reported by {@link AnnotationReader}), reporting what makes the canary unusable.
   */
  static Reading read(Ingress ingress, AnnotationValues values, Problems problems) {
    ObjectRef ref = ObjectRef.of(ingress);
    Map<String, String> raw = ingress.getMetadata().getAnnotations();
    if (raw == null) {
      return new Reading(Role.PRIMARY, null);
    }
    if (invalid(raw, values, Annotations.CANARY)) {
      problems.error(
          ref,
          field(Annotations.CANARY),
          "cannot tell whether the Ingress is a canary; none of its rules is served");
      return new Reading(Role.IGNORED, null);
    }
    if (!Boolean.TRUE.equals(values.get(Annotations.CANARY))) {
      for (Annotation<?> a : SETTINGS) {
        if (raw.containsKey(a.key())) {
          problems.warning(
              ref,
              field(a),
              "applies only with " + Annotations.CANARY.key() + ": \"true\"; ignored");
        }
      }
      return new Reading(Role.PRIMARY, null);
    }
    for (Annotation<?> a : SETTINGS) {
      if (invalid(raw, values, a)) {
        problems.error(
            ref,
            field(Annotations.CANARY),
            a.key() + " is invalid, so the canary is ignored; its primaries serve all requests");
        return new Reading(Role.IGNORED, null);
      }
    }
    int total = orElse(values.get(Annotations.CANARY_WEIGHT_TOTAL), 100);
    int weight = orElse(values.get(Annotations.CANARY_WEIGHT), 0);
    if (weight > total) {
      problems.error(
          ref,
          field(Annotations.CANARY_WEIGHT),
          weight
              + " is above "
              + Annotations.CANARY_WEIGHT_TOTAL.key()
              + " "
              + total
              + " (expected: 0.."
              + total
              + "); the canary is ignored, its primaries serve all requests");
      return new Reading(Role.IGNORED, null);
    }
    int percent = (int) ((weight * 100L + total / 2) / total);
    if (weight * 100L % total != 0) {
      problems.warning(
          ref,
          field(Annotations.CANARY_WEIGHT),
          weight
              + "/"
              + total
              + " is not a whole percent; rounded to "
              + percent
              + "% (the dataplane splits by whole percents)");
    }
    for (Annotation<?> a : values.annotations()) {
      if (a.target() == Annotation.Target.ROUTE
          && !a.scope().onServices()
          && !a.name().startsWith("canary")) {
        problems.warning(
            ref, field(a), "a canary's routes are its primaries'; their settings apply; ignored");
      }
    }
    String headerName = values.get(Annotations.CANARY_BY_HEADER);
    String headerValue = values.get(Annotations.CANARY_BY_HEADER_VALUE);
    if (headerValue != null && headerName == null) {
      problems.warning(
          ref,
          field(Annotations.CANARY_BY_HEADER_VALUE),
          "applies only with " + Annotations.CANARY_BY_HEADER.key() + "; ignored");
    }
    SplitBackend.Match header =
        headerName == null
            ? null
            : new SplitBackend.Match(headerName, headerValue == null ? ALWAYS : headerValue);
    String cookieName = values.get(Annotations.CANARY_BY_COOKIE);
    SplitBackend.Match cookie =
        cookieName == null ? null : new SplitBackend.Match(cookieName, ALWAYS);
    return new Reading(Role.CANARY, new Canary(percent, header, cookie));
  }

  /** Whether the object has the annotation but no valid value for it. */
  private static boolean invalid(Map<String, String> raw, AnnotationValues v, Annotation<?> a) {
    return raw.containsKey(a.key()) && !v.has(a);
  }

  static String field(Annotation<?> a) {
    return "metadata.annotations[" + a.key() + "]";
  }

  private static int orElse(Integer v, int otherwise) {
    return v == null ? otherwise : v;
  }
}
