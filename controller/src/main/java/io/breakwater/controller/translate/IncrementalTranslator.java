package io.breakwater.controller.translate;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Server;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link Translator#translate} for a sequence of snapshots, with the same results, that does not
 * translate the whole cluster again when only endpoints changed (pod churn, the common case).
 *
 * <p>It remembers the last snapshot and its translation. When the next snapshot holds the very same
 * objects (by identity: sources hand out the same instance for an object that did not change) of
 * every kind but EndpointSlices and Endpoints, and the options are equal, then routes, backend
 * settings, problems and policy conditions cannot differ: only the servers of the backends whose
 * Service's endpoints changed are resolved again, each checked as a full translation checks it.
 * Anything else (an Ingress, Service, Secret or policy changed; a backend affected by an invalid
 * value; a backend whose servers were empty or fail the check) gets a full translation. Not
 * thread-safe: the sync thread owns it.
 */
public final class IncrementalTranslator {
  private ClusterSnapshot lastSnapshot;
  private TranslateOptions lastOptions;
  private Translation last;
  private Map<String, ServiceBackend> lastBackends;
  private long full;
  private long partial;

  /** The translation of {@code snapshot}: equal to {@code Translator.translate(snapshot, o)}. */
  public Translation translate(ClusterSnapshot snapshot, TranslateOptions options) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(options, "options");
    Translation t = last != null && options.equals(lastOptions) ? serversOnly(snapshot) : null;
    if (t != null) {
      partial++;
    } else {
      Translator.Indexed indexed = Translator.translateIndexed(snapshot, options);
      t = indexed.translation();
      lastBackends = indexed.backends();
      full++;
    }
    lastSnapshot = snapshot;
    lastOptions = options;
    last = t;
    return t;
  }

  /** Whole translations so far. */
  public long fullTranslations() {
    return full;
  }

  /** Translations that resolved the servers of changed endpoints only. */
  public long serverTranslations() {
    return partial;
  }

  /** Forgets the last translation: the next one is whole. */
  public void reset() {
    last = null;
    lastSnapshot = null;
    lastOptions = null;
    lastBackends = null;
  }

  /** The translation by changed endpoints alone, or null when a whole one is needed. */
  private Translation serversOnly(ClusterSnapshot s) {
    ClusterSnapshot p = lastSnapshot;
    if (!same(p.ingresses(), s.ingresses())
        || !same(p.ingressClasses(), s.ingressClasses())
        || !same(p.services(), s.services())
        || !same(p.secrets(), s.secrets())
        || !same(p.circuitBreakers(), s.circuitBreakers())
        || !same(p.retryPolicies(), s.retryPolicies())) {
      return null;
    }
    // The Services (namespace/name) whose endpoints changed, were added or removed.
    Set<String> affected = new HashSet<>();
    changed(p.endpointSlices(), s.endpointSlices(), IncrementalTranslator::sliceService, affected);
    changed(p.endpoints(), s.endpoints(), IncrementalTranslator::key, affected);
    if (affected.isEmpty()) {
      return last;
    }
    List<EndpointSlice> slices = new ArrayList<>();
    for (EndpointSlice slice : s.endpointSlices()) {
      String service = sliceService(slice);
      if (service != null && affected.contains(service)) {
        slices.add(slice);
      }
    }
    List<Endpoints> endpoints = new ArrayList<>();
    for (Endpoints e : s.endpoints()) {
      if (affected.contains(key(e))) {
        endpoints.add(e);
      }
    }
    SnapshotIndex index =
        new SnapshotIndex(
            new ClusterSnapshot(
                List.of(), List.of(), List.of(), slices, endpoints, List.of(), List.of(),
                List.of()));
    List<Backend> backends = new ArrayList<>(last.backends().size());
    for (Backend b : last.backends()) {
      ServiceBackend sb = lastBackends.get(b.name());
      if (sb == null || !affected.contains(sb.namespace() + "/" + sb.serviceName())) {
        backends.add(b);
        continue;
      }
      if (last.backendsWithErrors().contains(b.name())) {
        return null; // built from defaults or last good settings: let the whole translation decide
      }
      Map<String, HostPort> servers = EndpointResolver.servers(sb, index, lastOptions);
      if (b.servers().isEmpty()) {
        if (servers.isEmpty()) {
          backends.add(b);
          continue;
        }
        return null; // no server to take the per-server settings from
      }
      Server like = b.servers().get(0);
      List<Server> list = new ArrayList<>(servers.size());
      servers.forEach(
          (name, address) ->
              list.add(
                  new Server(
                      name,
                      address,
                      Server.DEFAULT_WEIGHT,
                      like.maxconn(),
                      InitialState.UP,
                      like.healthCheck())));
      Backend changed = b.withServers(list);
      if (!ConfigCheck.backendOnce(changed).isEmpty()) {
        return null; // the whole translation reports it
      }
      backends.add(changed);
    }
    return new Translation(
        last.routes(),
        last.defaultBackend(),
        backends,
        last.certificates(),
        last.problems(),
        last.policies(),
        last.ingresses(),
        last.backendsWithErrors(),
        last.defaultCertificate());
  }

  /** Whether two lists hold the same instances in the same order. */
  private static boolean same(List<?> a, List<?> b) {
    if (a == b) {
      return true;
    }
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Adds the keys of objects in one list and not (as the same instance) in the other. */
  private static <T extends HasMetadata> void changed(
      List<T> before, List<T> after, Function<T, String> keyOf, Set<String> into) {
    if (same(before, after)) {
      return;
    }
    Set<T> old = Collections.newSetFromMap(new IdentityHashMap<>());
    old.addAll(before);
    for (T o : after) {
      if (!old.remove(o)) {
        addKey(keyOf.apply(o), into);
      }
    }
    for (T o : old) {
      addKey(keyOf.apply(o), into);
    }
  }

  private static void addKey(String key, Set<String> into) {
    if (key != null) {
      into.add(key);
    }
  }

  /** The Service an EndpointSlice belongs to, as namespace/name; null without the label. */
  private static String sliceService(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(SnapshotIndex.SERVICE_NAME_LABEL);
    return service == null ? null : ObjectRef.namespaceOf(slice) + "/" + service;
  }

  private static String key(HasMetadata o) {
    return ObjectRef.namespaceOf(o) + "/" + o.getMetadata().getName();
  }
}
