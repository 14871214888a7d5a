package io.breakwater.controller.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breakwater.controller.crd.CircuitBreaker;
import io.breakwater.controller.crd.PolicyStatus;
import io.breakwater.controller.crd.RetryPolicy;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.sync.SyncListener;
import io.breakwater.controller.translate.PolicyAcceptance;
import io.breakwater.controller.translate.Translation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes, on the leader, the statuses a sync implies: {@code status.loadBalancer.ingress} of every
 * Ingress we serve (the {@link AddressSource}'s addresses), and the {@code Accepted} and {@code
 * Programmed} conditions of every CircuitBreaker and RetryPolicy ({@link PolicyConditions}).
 *
 * <ul>
 *   <li><b>Never on the sync thread.</b> {@link #onSync} only records the sync; one thread of its
 *       own computes the statuses and writes them.
 *   <li><b>Only what differs.</b> Each desired status is compared with the object's status (from
 *       the snapshot, or from our own last write while the snapshot has not caught up with it) and
 *       written only when it differs, so an unchanged cluster costs no request.
 *   <li><b>Coalescing.</b> Objects to write wait in one queue keyed by object: a newer sync
 *       replaces an object's desired status in place, so only the latest is written, and an object
 *       keeps its place so none starves behind a busy cluster.
 *   <li><b>Optimistic.</b> A write is a JSON patch of the status subresource that replaces the
 *       status and carries the {@code resourceVersion} it was computed against; on a conflict (409)
 *       the object is read again, the status recomputed, and the write retried, {@value
 *       #MAX_ATTEMPTS} attempts in all. An object that is gone (404) is skipped; other failures are
 *       logged and left to the next sync.
 *   <li><b>Leader only.</b> A replica that is not the leader writes nothing and forgets what it
 *       queued; when it becomes the leader it writes for the last sync it saw.
 *   <li><b>Ingresses we no longer serve</b> lose the addresses we wrote: an Ingress outside {@link
 *       Translation#ingresses()} whose status holds exactly our addresses gets an empty one. One
 *       holding other addresses belongs to someone else and is left alone.
 * </ul>
 */
public final class StatusWriter implements SyncListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  /** Attempts at one object's write when the API server reports a conflict. */
  public static final int MAX_ATTEMPTS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Sync(
      Translation translation, ClusterSnapshot snapshot, Outcome outcome, Throwable error) {}

  /** What we wrote: the object as the API server returned it, and versions known to be older. */
  private record Written(Set<String> olderVersions, HasMetadata after) {}

  private final KubernetesClient client;
  private final LeaderElection leader;
  private final AddressSource addresses;
  private final Clock clock;
  private final ExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicLong patches = new AtomicLong();
  private volatile Sync last;

  // Owned by the writer thread.
  private final LinkedHashMap<ObjectRef, Runnable> pending = new LinkedHashMap<>();
  private final Map<ObjectRef, Written> written = new HashMap<>();

  /**
   * A writer for {@code client}'s cluster.
   *
   * @param leader who may write
   * @param addresses the Ingress addresses ({@code AddressSource.fixed(List.of())} for none:
   *     Ingress statuses are then never touched)
   * @param clock the condition transition times
   */
  public StatusWriter(
      KubernetesClient client, LeaderElection leader, AddressSource addresses, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.leader = Objects.requireNonNull(leader, "leader");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "breakwater-status");
              t.setDaemon(true);
              return t;
            });
    leader.addListener(isLeader -> recompute());
    addresses.onChange(this::recompute);
  }

  @Override
  public void onSync(
      ClusterSnapshot snapshot,
      Translation translation,
      Outcome outcome,
      Duration duration,
      long oldestChangeAgeNanos,
      Throwable error) {
    last = new Sync(translation, snapshot, outcome, error);
    recompute();
  }

  /**
   * A future that completes once everything recorded before this call is written (or given up on).
   * For tests and an orderly shutdown.
   */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.runAsync(() -> {}, executor);
  }

  /** Status patches sent so far (successful or not). */
  public long patches() {
    return patches.get();
  }

  /** Stops writing; a write in progress is interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void recompute() {
    dirty.set(true);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        scheduled.set(false);
      }
    }
  }

  private void drain() {
    scheduled.set(false);
    while (!Thread.currentThread().isInterrupted()) {
      if (!leader.isLeader()) {
        pending.clear();
        return;
      }
      Sync s = last;
      if (dirty.getAndSet(false) && s != null) {
        enqueue(s);
      }
      Iterator<Runnable> next = pending.values().iterator();
      if (!next.hasNext()) {
        return;
      }
      Runnable write = next.next();
      next.remove();
      try {
        write.run();
      } catch (RuntimeException e) {
        LOG.warn("status write failed; the next sync tries again", e);
      }
    }
  }

  private void enqueue(Sync s) {
    Set<ObjectRef> seen = new HashSet<>();
    Optional<List<LoadBalancerAddress>> published = addresses.addresses();
    for (Ingress i : s.snapshot().ingresses()) {
      ObjectRef ref = ObjectRef.of(i);
      seen.add(ref);
      if (published.isPresent()) {
        boolean served = s.translation().ingresses().contains(ref);
        List<LoadBalancerAddress> ours = published.get();
        queue(
            ref,
            i,
            () ->
                client.network().v1().ingresses().inNamespace(ref.namespace()).withName(ref.name()),
            o -> ingressStatus(o, served, ours));
      }
    }
    for (CircuitBreaker b : s.snapshot().circuitBreakers()) {
      policy(s, b, CircuitBreaker.class, seen);
    }
    for (RetryPolicy p : s.snapshot().retryPolicies()) {
      policy(s, p, RetryPolicy.class, seen);
    }
    written.keySet().retainAll(seen);
  }

  private <T extends CustomResource<?, PolicyStatus>> void policy(
      Sync s, T policy, Class<T> type, Set<ObjectRef> seen) {
    ObjectRef ref = ObjectRef.of(policy);
    seen.add(ref);
    PolicyAcceptance acceptance = s.translation().policies().get(ref);
    if (acceptance == null) {
      return; // not in a watched namespace
    }
    queue(
        ref,
        policy,
        () -> client.resources(type).inNamespace(ref.namespace()).withName(ref.name()),
        o -> {
          PolicyStatus now = o.getStatus();
          PolicyStatus want =
              PolicyConditions.desired(acceptance, s.outcome(), s.error(), now, clock.instant());
          return want.equals(now) ? null : JSON.valueToTree(want);
        });
  }

  /** The status patch of an Ingress, or null when its status is already right. */
  private static ObjectNode ingressStatus(
      Ingress o, boolean served, List<LoadBalancerAddress> ours) {
    var lb = o.getStatus() == null ? null : o.getStatus().getLoadBalancer();
    List<LoadBalancerAddress> now =
        LoadBalancerAddress.ofIngressStatus(lb == null ? null : lb.getIngress());
    List<LoadBalancerAddress> want = served ? ours : now.equals(ours) ? List.of() : now;
    if (want.equals(now)) {
      return null;
    }
    ObjectNode status = JSON.createObjectNode();
    ObjectNode loadBalancer = status.putObject("loadBalancer");
    if (!want.isEmpty()) {
      ArrayNode list = loadBalancer.putArray("ingress");
      for (LoadBalancerAddress a : want) {
        list.addObject().put(a.ip() != null ? "ip" : "hostname", a.toString());
      }
    }
    return status;
  }

  /**
   * Queues a write of {@code object}'s status if {@code statusFor} says it differs; otherwise drops
   * any write queued for it earlier.
   */
  private <T extends HasMetadata> void queue(
      ObjectRef ref, T object, Supplier<Resource<T>> resource, Function<T, ObjectNode> statusFor) {
    T current = current(ref, object);
    if (statusFor.apply(current) == null) {
      pending.remove(ref);
      return;
    }
    pending.put(ref, () -> write(ref, current, resource, statusFor));
  }

  /** The object as it is now: the snapshot's, unless the snapshot predates our own last write. */
  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T current(ObjectRef ref, T fromSnapshot) {
    Written w = written.get(ref);
    if (w == null) {
      return fromSnapshot;
    }
    String version = fromSnapshot.getMetadata().getResourceVersion();
    if (w.olderVersions().contains(version)) {
      return (T) w.after();
    }
    if (!version.equals(w.after().getMetadata().getResourceVersion())) {
      written.remove(ref); // changed since our write: the snapshot knows better
    }
    return fromSnapshot;
  }

  private <T extends HasMetadata> void write(
      ObjectRef ref, T object, Supplier<Resource<T>> resource, Function<T, ObjectNode> statusFor) {
    T current = object;
    Set<String> older = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      ObjectNode status = statusFor.apply(current);
      if (status == null) {
        return;
      }
      String version = current.getMetadata().getResourceVersion();
      // A JSON patch (RFC 6902) replaces the whole status: a merge patch would have to null out
      // what we no longer want, and lists in it are replaced by the API server but appended to by
      // the CRUD mock. The resourceVersion it sets is the API server's precondition (409 when the
      // object moved on).
      ArrayNode patch = JSON.createArrayNode();
      patch
          .addObject()
          .put("op", "replace")
          .put("path", "/metadata/resourceVersion")
          .put("value", version);
      patch.addObject().put("op", "add").put("path", "/status").set("value", status);
      try {
        patches.incrementAndGet();
        T after =
            resource
                .get()
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
        older.add(version);
        written.put(ref, new Written(older, after));
        LOG.debug("{}: status written", ref);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        if (e.getCode() != 409 || attempt >= MAX_ATTEMPTS) {
          LOG.warn("{}: status not written ({}); the next sync tries again", ref, e.getMessage());
          return;
        }
        LOG.debug("{}: conflict at resourceVersion {}; reading it again", ref, version);
        older.add(version);
        current = resource.get().get();
        if (current == null) {
          return;
        }
      }
    }
  }
}
