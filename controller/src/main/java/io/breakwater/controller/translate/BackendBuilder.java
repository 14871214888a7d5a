package io.breakwater.controller.translate;

import io.breakwater.controller.crd.BreakerScope;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.PolicyCatalog.BreakerEntry;
import io.breakwater.controller.translate.PolicyCatalog.RetryEntry;
import io.breakwater.controller.translate.annotation.Annotation;
import io.breakwater.controller.translate.annotation.AnnotationValues;
import io.breakwater.controller.translate.annotation.Annotations;
import io.breakwater.controller.translate.annotation.BackendDraft;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Limits;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one backend from the config defaults, the policies and the annotations, in that order of
 * precedence, lowest first:
 *
 * <ol>
 *   <li>the config defaults ({@link TranslateOptions#defaults()});
 *   <li>the RetryPolicy and CircuitBreakers that apply (named by an annotation, else targeting the
 *       Service port, else the Service), each written whole over the defaults;
 *   <li>the annotations, key by key: the Service's value, else the oldest routing Ingress's.
 * </ol>
 */
final class BackendBuilder {

  /** A backend, and whether an invalid value was left out of it. */
  record Built(Backend backend, boolean withErrors) {}

  /** An annotation's value for one backend, and the object it came from. */
  private record Chosen(Object value, ObjectRef source) {}

  private final TranslateOptions options;
  private final PolicyCatalog policies;
  private final AnnotationReader annotations;
  private final Problems problems;

  BackendBuilder(
      TranslateOptions options,
      PolicyCatalog policies,
      AnnotationReader annotations,
      Problems problems) {
    this.options = options;
    this.policies = policies;
    this.annotations = annotations;
    this.problems = problems;
  }

  /**
   * @param routing the Ingresses routing to the backend, oldest first
   * @param servers server name → address
   */
  Built build(ServiceBackend b, List<Ingress> routing, Map<String, HostPort> servers) {
    ObjectAnnotations service = b.service() != null ? annotations.read(b.service()) : null;
    List<ObjectAnnotations> ingresses = routing.stream().map(annotations::read).toList();
    boolean errors =
        (service != null && service.hasErrors())
            || ingresses.stream().anyMatch(ObjectAnnotations::hasErrors);
    Map<Annotation<?>, Chosen> chosen = choose(b, service, ingresses);

    BackendDraft draft = new BackendDraft(options.defaults());
    errors |= retryPolicy(b, chosen.get(Annotations.RETRY_POLICY), draft);
    errors |= circuitBreakers(b, chosen.get(Annotations.CIRCUIT_BREAKER), draft);
    AnnotationValues values = new AnnotationValues();
    chosen.forEach((a, c) -> put(values, a, c.value()));
    for (Annotation<?> a : Annotations.ALL) {
      if (a.target() == Annotation.Target.BACKEND) {
        values.applyTo(a, draft);
      }
    }
    if (service != null) {
      service.values().applyTo(Annotations.FAULT_DELAY, draft);
      service.values().applyTo(Annotations.FAULT_ABORT, draft);
    }
    Backend backend = draft.build(b.name(), servers);
    List<ConfigError> invalid = ConfigCheck.backend(backend);
    if (!invalid.isEmpty()) {
      // A safety net: every value was checked on its own, so only a combination gets here.
      ObjectRef blame = service != null ? service.object() : ingresses.get(0).object();
      for (ConfigError e : invalid) {
        problems.error(
            blame,
            "",
            "backend " + b.name() + ": " + e + "; the backend gets the config defaults instead");
      }
      return new Built(new BackendDraft(options.defaults()).build(b.name(), servers), true);
    }
    return new Built(backend, errors);
  }

  /**
   * For each annotation that configures backends: the Service's value, else the oldest Ingress's. A
   * value that loses to another is reported where it was written.
   */
  private Map<Annotation<?>, Chosen> choose(
      ServiceBackend b, ObjectAnnotations service, List<ObjectAnnotations> ingresses) {
    Map<Annotation<?>, Chosen> out = new HashMap<>();
    for (Annotation<?> a : Annotations.ALL) {
      if (a.target() != Annotation.Target.BACKEND) {
        continue;
      }
      Chosen winner =
          service != null && service.values().has(a)
              ? new Chosen(service.values().get(a), service.object())
              : null;
      for (ObjectAnnotations i : ingresses) {
        Object v = i.values().get(a);
        if (v == null) {
          continue;
        }
        if (winner == null) {
          winner = new Chosen(v, i.object());
        } else if (!v.equals(winner.value())) {
          String by =
              winner.source().kind().equals("Service")
                  ? "the annotation of Service " + winner.source().namespacedName()
                  : "older Ingress " + winner.source().namespacedName() + "'s value";
          problems.warning(
              i.object(),
              field(a),
              "for backend " + b.name() + ", overridden by " + by + ", which applies");
        }
      }
      if (winner != null) {
        out.put(a, winner);
      }
    }
    return out;
  }

  /** Applies the RetryPolicy; true when an annotation named one that cannot be used. */
  private boolean retryPolicy(ServiceBackend b, Chosen named, BackendDraft draft) {
    RetryEntry entry = null;
    boolean errors = false;
    if (named != null) {
      ObjectRef ref = new ObjectRef("RetryPolicy", b.namespace(), (String) named.value());
      String why = policies.unusable(ref);
      if (why != null) {
        problems.error(named.source(), field(Annotations.RETRY_POLICY), why + "; ignored");
        errors = true;
      } else {
        entry = policies.retryPolicy(ref);
      }
    }
    entry = policies.retryFor(b, entry);
    if (entry != null) {
      draft.retries(entry.retries());
      policies.used(entry.ref(), b.name());
    }
    return errors;
  }

  /**
   * Applies the CircuitBreakers, one per scope, and their limits: each limit from the most specific
   * breaker that sets it. True when an annotation named one that cannot be used.
   */
  private boolean circuitBreakers(ServiceBackend b, Chosen named, BackendDraft draft) {
    BreakerEntry entry = null;
    boolean errors = false;
    if (named != null) {
      ObjectRef ref = new ObjectRef("CircuitBreaker", b.namespace(), (String) named.value());
      String why = policies.unusable(ref);
      if (why != null) {
        problems.error(named.source(), field(Annotations.CIRCUIT_BREAKER), why + "; ignored");
        errors = true;
      } else {
        entry = policies.breaker(ref);
      }
    }
    List<BreakerEntry> applied = new ArrayList<>(policies.breakersFor(b, entry));
    Limits limits = draft.limits();
    for (int i = applied.size() - 1; i >= 0; i--) {
      BreakerEntry e = applied.get(i);
      if (e.scope() == BreakerScope.SERVER) {
        draft.outlierDetection(e.breaker());
      } else {
        draft.circuitBreaker(e.breaker());
      }
      limits = PolicySpecs.limits(e.spec(), limits).value();
      policies.used(e.ref(), b.name());
    }
    draft.limits(limits);
    return errors;
  }

  private static String field(Annotation<?> a) {
    return "metadata.annotations[" + a.key() + "]";
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AnnotationValues values, Annotation<T> a, Object value) {
    values.put(a, (T) value);
  }
}
