package io.breakwater.controller.translate;

import io.breakwater.controller.crd.BreakerScope;
import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.CircuitBreakerSpec;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.crd.RetryPolicySpec;
import io.breakwater.controller.crd.TargetRef;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Retries;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CircuitBreakers and RetryPolicies of the watched namespaces: which are valid, which target
 * what, and so their Accepted condition; and, per backend, which apply.
 *
 * <p>A policy is <b>accepted</b> when its spec is valid (the API server's schema checks, repeated
 * for manifests, and the cross-field rules of the config), its {@code targetRef} names an existing
 * Service (and port), and no older policy of the same kind (and, for CircuitBreakers, the same
 * scope) targets the same Service port, or the same whole Service: the oldest wins and the others
 * are {@value PolicyAcceptance#CONFLICTED}. A policy without {@code targetRef} is accepted and
 * applies only where an annotation names it.
 */
final class PolicyCatalog {

  /** A valid CircuitBreaker: its breaker over the config defaults' template. */
  record BreakerEntry(
      ObjectRef ref, BreakerScope scope, Breaker breaker, CircuitBreakerSpec spec) {}

  /** A valid RetryPolicy: its retries over the config defaults' ones. */
  record RetryEntry(ObjectRef ref, Retries retries) {}

  private record Verdict(boolean accepted, String reason, String message, Long generation) {}

  private final SnapshotIndex index;
  private final Problems problems;
  private final Map<ObjectRef, Verdict> verdicts = new TreeMap<>();
  private final Map<ObjectRef, BreakerEntry> breakers = new HashMap<>();
  private final Map<ObjectRef, RetryEntry> retryPolicies = new HashMap<>();
  private final Map<String, BreakerEntry> breakerByTarget = new HashMap<>();
  private final Map<String, RetryEntry> retryByTarget = new HashMap<>();
  private final Map<ObjectRef, Set<String>> uses = new HashMap<>();

  PolicyCatalog(
      ClusterSnapshot snapshot, SnapshotIndex index, TranslateOptions options, Problems problems) {
    this.index = index;
    this.problems = problems;
    BackendPolicy defaults = options.defaults().policy();
    for (CircuitBreaker cb : watched(snapshot.circuitBreakers(), options)) {
      breaker(cb, defaults);
    }
    for (RetryPolicy rp : watched(snapshot.retryPolicies(), options)) {
      retryPolicy(rp, defaults.retries());
    }
  }

  private static <T extends HasMetadata> List<T> watched(List<T> all, TranslateOptions options) {
    return all.stream()
        .filter(o -> options.watches(ObjectRef.namespaceOf(o)))
        .sorted(OldestFirst.ORDER)
        .toList();
  }

  private void breaker(CircuitBreaker cb, BackendPolicy defaults) {
    ObjectRef ref = ObjectRef.of(cb);
    CircuitBreakerSpec spec = cb.getSpec();
    if (spec == null) {
      invalid(cb, Map.of("spec", "missing"));
      return;
    }
    BreakerScope scope = spec.effectiveScope();
    Breaker template =
        scope == BreakerScope.SERVER ? defaults.outlierDetection() : defaults.circuitBreaker();
    PolicySpecs.Checked<Breaker> b =
        PolicySpecs.breaker(spec, template != null ? template : Breaker.DEFAULT);
    PolicySpecs.Checked<Limits> l = PolicySpecs.limits(spec, Limits.NONE);
    Map<String, String> errors = new TreeMap<>(b.errors());
    errors.putAll(l.errors());
    errors.putAll(targetErrors(spec.targetRef()));
    if (!errors.isEmpty()) {
      invalid(cb, errors);
      return;
    }
    if (scope == BreakerScope.BACKEND && spec.maxEjectionPercent() != null) {
      problems.warning(
          ref,
          "spec.maxEjectionPercent",
          "applies to scope server only; ignored for scope backend");
    }
    BreakerEntry entry = new BreakerEntry(ref, scope, b.value(), spec);
    breakers.put(ref, entry);
    String conflict = target(cb, spec.targetRef(), "circuit-breaker");
    if (conflict != null) {
      String key = conflict + "#" + scope;
      BreakerEntry older = breakerByTarget.putIfAbsent(key, entry);
      if (older != null) {
        conflicted(
            cb, older.ref(), spec.targetRef(), "scope " + scope.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  private void retryPolicy(RetryPolicy rp, Retries base) {
    ObjectRef ref = ObjectRef.of(rp);
    RetryPolicySpec spec = rp.getSpec();
    if (spec == null) {
      invalid(rp, Map.of("spec", "missing"));
      return;
    }
    PolicySpecs.Checked<Retries> r = PolicySpecs.retries(spec, base);
    Map<String, String> errors = new TreeMap<>(r.errors());
    errors.putAll(targetErrors(spec.targetRef()));
    if (!errors.isEmpty()) {
      invalid(rp, errors);
      return;
    }
    RetryEntry entry = new RetryEntry(ref, r.value());
    retryPolicies.put(ref, entry);
    String key = target(rp, spec.targetRef(), "retry-policy");
    if (key != null) {
      RetryEntry older = retryByTarget.putIfAbsent(key, entry);
      if (older != null) {
        conflicted(rp, older.ref(), spec.targetRef(), null);
      }
    }
  }

  private static Map<String, String> targetErrors(TargetRef t) {
    Map<String, String> errors = new TreeMap<>();
    if (t == null) {
      return errors;
    }
    if (t.kind() == null) {
      errors.put("spec.targetRef.kind", "missing (expected: Service)");
    }
    if (t.name() == null || t.name().isEmpty()) {
      errors.put("spec.targetRef.name", "missing (expected: the name of a Service)");
    }
    if (t.port() != null && (t.port() < 1 || t.port() > 65535)) {
      errors.put("spec.targetRef.port", t.port() + " (expected: 1..65535)");
    }
    return errors;
  }

  /**
   * Records the verdict of a valid policy from its target, and returns the key that policies of the
   * same target share ({@code ns/service} or {@code ns/service/port}), or {@code null} when it
   * targets nothing that exists.
   */
  private String target(HasMetadata policy, TargetRef t, String annotation) {
    ObjectRef ref = ObjectRef.of(policy);
    if (t == null) {
      accept(
          policy,
          "valid; without targetRef it applies where a breakwater.io/"
              + annotation
              + " annotation names it");
      return null;
    }
    Service service = index.service(ref.namespace(), t.name());
    String serviceName = ref.namespace() + "/" + t.name();
    if (service == null) {
      notFound(policy, "Service " + serviceName + " not found");
      return null;
    }
    if (t.port() != null && !hasPort(service, t.port())) {
      notFound(policy, "Service " + serviceName + " has no port " + t.port());
      return null;
    }
    accept(policy, "valid, and its target exists");
    return serviceName + (t.port() != null ? "/" + t.port() : "");
  }

  private static boolean hasPort(Service s, int port) {
    List<ServicePort> ports = s.getSpec() == null ? null : s.getSpec().getPorts();
    return ports != null && ports.stream().anyMatch(p -> Integer.valueOf(port).equals(p.getPort()));
  }

  private void accept(HasMetadata p, String message) {
    verdicts.put(
        ObjectRef.of(p),
        new Verdict(true, PolicyAcceptance.ACCEPTED, message, p.getMetadata().getGeneration()));
  }

  private void notFound(HasMetadata p, String message) {
    verdicts.put(
        ObjectRef.of(p),
        new Verdict(
            false, PolicyAcceptance.TARGET_NOT_FOUND, message, p.getMetadata().getGeneration()));
    problems.error(ObjectRef.of(p), "spec.targetRef", message + "; the policy applies nowhere");
  }

  private void conflicted(HasMetadata p, ObjectRef older, TargetRef target, String scope) {
    String message =
        "older "
            + older.kind()
            + " "
            + older.name()
            + " targets the same "
            + (target.port() != null ? "Service port" : "Service")
            + (scope != null ? " with " + scope : "")
            + "; it applies instead";
    verdicts.put(
        ObjectRef.of(p),
        new Verdict(false, PolicyAcceptance.CONFLICTED, message, p.getMetadata().getGeneration()));
    problems.error(ObjectRef.of(p), "spec.targetRef", message);
  }

  private void invalid(HasMetadata p, Map<String, String> errors) {
    ObjectRef ref = ObjectRef.of(p);
    errors.forEach((field, message) -> problems.error(ref, field, message));
    verdicts.put(
        ref,
        new Verdict(
            false,
            PolicyAcceptance.INVALID,
            String.join("; ", PolicySpecs.describe(errors)),
            p.getMetadata().getGeneration()));
  }

  /**
   * Why the policy of that kind and name cannot be used when an annotation names it, or {@code
   * null} when it can.
   */
  String unusable(ObjectRef ref) {
    Verdict v = verdicts.get(ref);
    if (v == null) {
      return ref.kind() + " " + ref.name() + " not found in namespace " + ref.namespace();
    }
    boolean valid =
        ref.kind().equals("CircuitBreaker")
            ? breakers.containsKey(ref)
            : retryPolicies.containsKey(ref);
    return valid ? null : ref.kind() + " " + ref.name() + " is not valid: " + v.message();
  }

  BreakerEntry breaker(ObjectRef ref) {
    return breakers.get(ref);
  }

  RetryEntry retryPolicy(ObjectRef ref) {
    return retryPolicies.get(ref);
  }

  /** The RetryPolicy for a backend: {@code named}, else the one for its port, else its Service. */
  RetryEntry retryFor(ServiceBackend b, RetryEntry named) {
    if (named != null) {
      return named;
    }
    RetryEntry port = retryByTarget.get(portKey(b));
    return port != null ? port : retryByTarget.get(serviceKey(b));
  }

  /**
   * The CircuitBreakers for a backend, most specific first, at most one per scope: {@code named}
   * for its scope, else the one for the backend's port, else the one for its Service.
   */
  List<BreakerEntry> breakersFor(ServiceBackend b, BreakerEntry named) {
    List<BreakerEntry> out = new ArrayList<>();
    if (named != null) {
      out.add(named);
    }
    for (String target : List.of(portKey(b), serviceKey(b))) {
      for (BreakerScope scope : BreakerScope.values()) {
        BreakerEntry e = breakerByTarget.get(target + "#" + scope);
        if (e != null && out.stream().noneMatch(o -> o.scope() == scope)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Notes that the policy applies to the backend, for its acceptance's backend list. */
  void used(ObjectRef policy, String backend) {
    uses.computeIfAbsent(policy, k -> new TreeSet<>()).add(backend);
  }

  Map<ObjectRef, PolicyAcceptance> acceptance() {
    Map<ObjectRef, PolicyAcceptance> out = new TreeMap<>();
    verdicts.forEach(
        (ref, v) ->
            out.put(
                ref,
                new PolicyAcceptance(
                    v.accepted(),
                    v.reason(),
                    v.message(),
                    v.generation(),
                    List.copyOf(uses.getOrDefault(ref, Set.of())))));
    return out;
  }

  private static String serviceKey(ServiceBackend b) {
    return b.namespace() + "/" + b.serviceName();
  }

  private static String portKey(ServiceBackend b) {
    return serviceKey(b) + "/" + b.portNumber();
  }
}
