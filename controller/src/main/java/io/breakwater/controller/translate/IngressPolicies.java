package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.annotation.Annotation;
import io.breakwater.controller.translate.annotation.AnnotationValues;
import io.breakwater.controller.translate.annotation.Annotations;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.breakwater.dataplane.config.TrafficPolicy.HeaderRules;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic policy an Ingress's annotations give each of its routes: {@code ssl-redirect}, {@code
 * hsts}, {@code rewrite-target}, {@code request-set-header}, {@code response-set-header}, {@code
 * allow-list}, {@code deny-list} and {@code rate-limit-rps}. Each annotation's part is checked
 * alone by the dataplane's validator; one it refuses is reported on the annotation and left out,
 * and the Ingress is served with the rest.
 */
final class IngressPolicies {

  private final AnnotationReader annotations;
  private final Problems problems;
  private final Map<ObjectRef, TrafficPolicy> byIngress = new HashMap<>();

  IngressPolicies(AnnotationReader annotations, Problems problems) {
    this.annotations = annotations;
    this.problems = problems;
  }

  /** The Ingress's policy, {@link TrafficPolicy#NONE} when it sets none; problems reported once. */
  TrafficPolicy of(Ingress ingress) {
    return byIngress.computeIfAbsent(ObjectRef.of(ingress), ref -> build(ref, ingress));
  }

  private TrafficPolicy build(ObjectRef ref, Ingress ingress) {
    AnnotationValues v = annotations.read(ingress).values();
    TrafficPolicy p = TrafficPolicy.NONE;
    if (Boolean.TRUE.equals(v.get(Annotations.SSL_REDIRECT))) {
      p = checked(ref, Annotations.SSL_REDIRECT, p, part(null, null, null, true, null));
    }
    if (Boolean.TRUE.equals(v.get(Annotations.HSTS))) {
      TrafficPolicy.Hsts hsts =
          new TrafficPolicy.Hsts(true, TrafficPolicy.Hsts.DEFAULT_MAX_AGE, false, false);
      p = checked(ref, Annotations.HSTS, p, part(null, null, null, null, hsts));
    }
    String target = v.get(Annotations.REWRITE_TARGET);
    if (target != null) {
      TrafficPolicy.Rewrite rw = new TrafficPolicy.Rewrite(true, target, null, null, null);
      p = checked(ref, Annotations.REWRITE_TARGET, p, part(null, null, rw, null, null));
    }
    Map<String, String> request = v.get(Annotations.REQUEST_SET_HEADER);
    if (request != null) {
      p =
          checked(
              ref, Annotations.REQUEST_SET_HEADER, p, part(set(request), null, null, null, null));
    }
    Map<String, String> response = v.get(Annotations.RESPONSE_SET_HEADER);
    if (response != null) {
      p =
          checked(
              ref, Annotations.RESPONSE_SET_HEADER, p, part(null, set(response), null, null, null));
    }
    List<String> allow = v.get(Annotations.ALLOW_LIST);
    if (allow != null) {
      p = checked(ref, Annotations.ALLOW_LIST, p, lists(allow, null, null));
    }
    List<String> deny = v.get(Annotations.DENY_LIST);
    if (deny != null) {
      p = checked(ref, Annotations.DENY_LIST, p, lists(null, deny, null));
    }
    Integer rps = v.get(Annotations.RATE_LIMIT_RPS);
    if (rps != null) {
      TrafficPolicy.RateLimit limit =
          new TrafficPolicy.RateLimit(
              true,
              rps,
              TrafficPolicy.RateLimit.DEFAULT_PERIOD,
              rps,
              null,
              TrafficPolicy.RateLimit.DEFAULT_STATUS);
      p = checked(ref, Annotations.RATE_LIMIT_RPS, p, lists(null, null, limit));
    }
    Duration client = v.get(Annotations.TIMEOUT_CLIENT);
    if (client != null) {
      TrafficPolicy timeout =
          new TrafficPolicy(
              null, null, null, null, null, null, null, null, null, null, null, null, client);
      p = checked(ref, Annotations.TIMEOUT_CLIENT, p, timeout);
    }
    return p;
  }

  /**
   * {@code part} over {@code sofar} when the dataplane's validator accepts it alone; else {@code
   * sofar}, with the validator's problems reported on the annotation.
   */
  private TrafficPolicy checked(
      ObjectRef ref, Annotation<?> a, TrafficPolicy sofar, TrafficPolicy part) {
    Route probe = new Route(null, "/", PathType.PREFIX, "b").withPolicy(part);
    List<ConfigError> errors = ConfigCheck.route(probe);
    if (errors.isEmpty()) {
      return part.over(sofar);
    }
    String field = "metadata.annotations[" + a.key() + "]";
    for (ConfigError e : errors) {
      problems.error(ref, field, e.message() + "; ignored");
    }
    return sofar;
  }

  private static HeaderRules set(Map<String, String> headers) {
    List<TrafficPolicy.Header> set = new ArrayList<>();
    headers.forEach((name, value) -> set.add(new TrafficPolicy.Header(name, value)));
    return new HeaderRules(set, List.of(), List.of());
  }

  private static TrafficPolicy part(
      HeaderRules request,
      HeaderRules response,
      TrafficPolicy.Rewrite rewrite,
      Boolean sslRedirect,
      TrafficPolicy.Hsts hsts) {
    return new TrafficPolicy(
        request,
        response,
        rewrite,
        null,
        sslRedirect,
        hsts,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TrafficPolicy lists(
      List<String> allow, List<String> deny, TrafficPolicy.RateLimit limit) {
    return new TrafficPolicy(
        null, null, null, null, null, null, allow, deny, limit, null, null, null, null);
  }
}
