package io.breakwater.controller.source;

import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.EndpointsMode;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster through fabric8 shared informers: Ingresses and IngressClasses ({@code
 * networking.k8s.io/v1}), Services, {@code kubernetes.io/tls} Secrets, EndpointSlices ({@code
 * discovery.k8s.io/v1}) or v1 Endpoints, and the {@code breakwater.io} CircuitBreakers and
 * RetryPolicies. The {@code --default-tls-certificate} Secret is watched too, even outside the
 * watched namespaces. With watch namespaces, each namespaced kind has one informer per namespace;
 * without, one for all namespaces.
 *
 * <p>Handlers only record which object changed and call {@code onChange}; {@link #snapshot()} reads
 * those objects again from the informers' caches and keeps each kind sorted by namespace and name,
 * so that an unchanged cluster gives an equal snapshot (and the same lists, for the kinds that did
 * not change). The source is ready once every informer has listed its kind once. The two CRD kinds
 * are optional: when the CRDs are not installed their informers fail to start, which is logged, and
 * the rest works without policies.
 */
public final class KubernetesSource implements ClusterSource {
  private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final EndpointsMode endpointsMode;
  private final ObjectRef defaultTlsCertificate;
  private final Kind<Ingress> ingresses = new Kind<>();
  private final Kind<IngressClass> classes = new Kind<>();
  private final Kind<Service> services = new Kind<>();
  private final Kind<EndpointSlice> slices = new Kind<>();
  private final Kind<Endpoints> endpoints = new Kind<>();
  private final Kind<Secret> secrets =
      new Kind<>(s -> ClusterSnapshot.TLS_SECRET_TYPE.equals(s.getType()));
  private final Kind<CircuitBreaker> breakers = new Kind<>();
  private final Kind<RetryPolicy> retryPolicies = new Kind<>();
  private final List<SharedIndexInformer<?>> required = new ArrayList<>();
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private final List<CompletableFuture<?>> requiredStarts = new ArrayList<>();
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param client a client for the cluster; closed by {@link #close()}
   * @param namespaces the namespaces watched; empty = all
   * @param endpointsMode whether EndpointSlices or Endpoints are watched
   */
  public KubernetesSource(
      KubernetesClient client, Set<String> namespaces, EndpointsMode endpointsMode) {
    this(client, namespaces, endpointsMode, null);
  }

  /**
   * @param defaultTlsCertificate the {@code --default-tls-certificate} Secret, also watched when
   *     its namespace is not one of {@code namespaces}; {@code null} for none
   */
  public KubernetesSource(
      KubernetesClient client,
      Set<String> namespaces,
      EndpointsMode endpointsMode,
      ObjectRef defaultTlsCertificate) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespaces = new TreeSet<>(namespaces);
    this.endpointsMode = Objects.requireNonNull(endpointsMode, "endpointsMode");
    this.defaultTlsCertificate = defaultTlsCertificate;
  }

  @Override
  public synchronized void start(Runnable onChange) {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    Objects.requireNonNull(onChange, "onChange");
    classes.informers.add(
        inform(client.network().v1().ingressClasses(), classes.handler(onChange), true));
    namespaced(client.network().v1().ingresses(), ingresses, onChange, true);
    namespaced(client.services(), services, onChange, true);
    if (endpointsMode == EndpointsMode.ENDPOINTS) {
      namespaced(client.endpoints(), endpoints, onChange, true);
    } else {
      namespaced(client.discovery().v1().endpointSlices(), slices, onChange, true);
    }
    for (String ns : namespaceList()) {
      var op = ns == null ? client.secrets().inAnyNamespace() : client.secrets().inNamespace(ns);
      secrets.informers.add(
          inform(
              op.withField("type", ClusterSnapshot.TLS_SECRET_TYPE),
              secrets.handler(onChange),
              true));
    }
    ObjectRef d = defaultTlsCertificate;
    if (d != null && !namespaces.isEmpty() && !namespaces.contains(d.namespace())) {
      // Outside the watched namespaces: this one Secret alone. Not required, so that a Secret the
      // controller may not read leaves TLS on the bootstrap's default rather than stopping syncs.
      secrets.informers.add(
          inform(
              client.secrets().inNamespace(d.namespace()).withField("metadata.name", d.name()),
              secrets.handler(onChange),
              false,
              "may the controller read Secrets in namespace " + d.namespace() + "?"));
    }
    namespaced(client.resources(CircuitBreaker.class), breakers, onChange, false);
    namespaced(client.resources(RetryPolicy.class), retryPolicies, onChange, false);
    // The loop is told once more when every required kind has been listed: that is when it may
    // sync.
    CompletableFuture.allOf(requiredStarts.toArray(CompletableFuture[]::new))
        .whenComplete((ok, error) -> onChange.run());
    log.info(
        "watching {} in {}",
        endpointsMode == EndpointsMode.ENDPOINTS ? "Endpoints" : "EndpointSlices",
        namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces);
  }

  @Override
  public boolean ready() {
    if (!started) {
      return false;
    }
    for (SharedIndexInformer<?> i : required) {
      if (!i.hasSynced()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ClusterSnapshot snapshot() {
    return new ClusterSnapshot(
        ingresses.list(),
        classes.list(),
        services.list(),
        slices.list(),
        endpoints.list(),
        secrets.list(),
        breakers.list(),
        retryPolicies.list());
  }

  @Override
  public void close() {
    List<SharedIndexInformer<?>> informers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      informers = new ArrayList<>(all);
      all.clear();
    }
    informers.forEach(SharedIndexInformer::close);
    client.close();
  }

  /** The namespaces to make informers for; a single null stands for all namespaces. */
  private List<String> namespaceList() {
    List<String> out = new ArrayList<>(namespaces);
    if (out.isEmpty()) {
      out.add(null);
    }
    return out;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> void namespaced(
      MixedOperation<T, L, ? extends Resource<T>> op,
      Kind<T> into,
      Runnable onChange,
      boolean isRequired) {
    for (String ns : namespaceList()) {
      into.informers.add(
          inform(
              ns == null ? op.inAnyNamespace() : op.inNamespace(ns),
              into.handler(onChange),
              isRequired));
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> SharedIndexInformer<T> inform(
      Informable<T> op, ResourceEventHandler<HasMetadata> handler, boolean isRequired) {
    return inform(op, handler, isRequired, "is its CRD installed? see crds/");
  }

  /**
   * @param hint what to check when an optional kind cannot be watched
   */
  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> SharedIndexInformer<T> inform(
      Informable<T> op,
      ResourceEventHandler<HasMetadata> handler,
      boolean isRequired,
      String hint) {
    SharedIndexInformer<T> informer = op.runnableInformer(0);
    informer.addEventHandler((ResourceEventHandler<T>) (ResourceEventHandler<?>) handler);
    all.add(informer);
    if (isRequired) {
      required.add(informer);
    }
    CompletableFuture<Void> startedFuture = informer.start().toCompletableFuture();
    if (isRequired) {
      requiredStarts.add(startedFuture);
    }
    startedFuture.whenComplete(
        (ok, error) -> {
          if (error != null) {
            if (isRequired) {
              log.error(
                  "cannot watch {}: {}",
                  informer.getApiTypeClass().getSimpleName(),
                  error.toString());
            } else {
              log.warn(
                  "cannot watch {} ({}): {}; going on without",
                  informer.getApiTypeClass().getSimpleName(),
                  hint,
                  error.toString());
            }
          }
        });
    return informer;
  }

  /**
   * The informers of one kind, and their objects sorted by namespace and name. The first list
   * copies and sorts the informers' caches; after that, the handlers record which objects changed,
   * and a list reads only those again from the caches and puts them in place ({@link
   * SortedObjects}): one EndpointSlice changed costs a binary search, not sorting thousands of
   * objects. The caches stay the truth (a changed object is read from them, never taken from the
   * event), so a snapshot is what the caches held, as before. An unchanged kind gives the same list
   * (and the same instances), which is what lets the sync translate endpoint changes alone.
   */
  private static final class Kind<T extends HasMetadata> {
    final List<SharedIndexInformer<T>> informers = new ArrayList<>();
    private final Predicate<? super T> keep;
    private final AtomicBoolean relist = new AtomicBoolean(true);
    private final Set<ObjectKey> changed = ConcurrentHashMap.newKeySet();
    private final SortedObjects<T> objects = new SortedObjects<>();

    Kind() {
      this(o -> true);
    }

    /**
     * @param keep which of the cached objects the snapshot holds
     */
    Kind(Predicate<? super T> keep) {
      this.keep = keep;
    }

    ResourceEventHandler<HasMetadata> handler(Runnable onChange) {
      return new Handler(
          o -> {
            // before the signal, so the sync it causes reads this object again
            changed.add(new ObjectKey(o.getMetadata().getNamespace(), o.getMetadata().getName()));
            onChange.run();
          });
    }

    synchronized List<T> list() {
      if (relist.getAndSet(false)) {
        // A change from now on is recorded and read again next time; what it changed, the
        // caches may or may not show yet: reading it again is harmless either way.
        changed.clear();
        List<T> all = new ArrayList<>();
        for (SharedIndexInformer<T> i : informers) {
          for (T o : i.getStore().list()) {
            if (keep.test(o)) {
              all.add(o);
            }
          }
        }
        objects.reset(all);
        return objects.list();
      }
      for (Iterator<ObjectKey> it = changed.iterator(); it.hasNext(); ) {
        ObjectKey k = it.next();
        it.remove(); // before reading: a change landing after this is recorded again
        T now = cached(k);
        if (now == null || !keep.test(now)) {
          objects.remove(k.namespace(), k.name());
        } else {
          objects.put(now);
        }
      }
      return objects.list();
    }

    /** The object as an informer's cache holds it now, or null. */
    private T cached(ObjectKey k) {
      String key = Cache.namespaceKeyFunc(k.namespace(), k.name());
      for (SharedIndexInformer<T> i : informers) {
        T o = i.getStore().getByKey(key);
        if (o != null) {
          return o;
        }
      }
      return null;
    }
  }

  private record ObjectKey(String namespace, String name) {}

  /** Any change of any kind: record it, nothing else. */
  private record Handler(Consumer<HasMetadata> onChange)
      implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata obj) {
      onChange.accept(obj);
    }

    @Override
    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
      if (oldObj == null
          || newObj == null
          || !Objects.equals(
              oldObj.getMetadata().getResourceVersion(),
              newObj.getMetadata().getResourceVersion())) {
        onChange.accept(newObj == null ? oldObj : newObj); // resyncs: equal versions
      }
    }

    @Override
    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
      onChange.accept(obj);
    }
  }
}
