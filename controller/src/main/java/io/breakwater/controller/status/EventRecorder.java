package io.breakwater.controller.status;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.sync.SyncListener;
import io.breakwater.controller.translate.Problem;
import io.breakwater.controller.translate.Severity;
import io.breakwater.controller.translate.Translation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every translation {@link Problem} as a core v1 Event of type {@code Warning} on the
 * object at fault, as {@code kubectl describe} shows them. Only the leader records, so N replicas
 * do not write N copies of each Event.
 *
 * <ul>
 *   <li><b>Once per problem.</b> A problem is identified by its object, reason and message. The
 *       first sync that finds it creates an Event; while it persists, later syncs do nothing,
 *       except that every {@link #REPEAT_AFTER} the Event's {@code count} and {@code lastTimestamp}
 *       are bumped (which also keeps it from expiring: the API server deletes Events an hour old by
 *       default). A problem that goes away is forgotten, so its return is a new Event.
 *   <li><b>Rate-limited.</b> All writes share one token bucket ({@link #BURST} at once, {@link
 *       #PER_SECOND} a second after that); what does not fit waits for a token on the recorder's
 *       own thread, never on the sync thread. New problems go before bumps of old ones.
 *   <li><b>Reasons</b> ({@link #reason}): {@code InvalidAnnotation} and {@code AnnotationIgnored}
 *       for problems in {@code metadata.annotations}, else {@code NotApplied} (Error) and {@code
 *       TranslationWarning} (Warning). The message is the problem's field and message.
 * </ul>
 *
 * <p>What a new leader does not know: the Events its predecessor wrote. It writes each problem
 * present once more.
 */
public final class EventRecorder implements SyncListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  /** How long a persisting problem waits before its Event is bumped: {@value} minutes. */
  public static final long REPEAT_AFTER_MINUTES = 30;

  static final Duration REPEAT_AFTER = Duration.ofMinutes(REPEAT_AFTER_MINUTES);

  /** Events written at once before the rate limit applies: {@value}. */
  public static final int BURST = 100;

  /** Events written a second once the burst is spent: {@value}. */
  public static final double PER_SECOND = 10;

  /** The {@code source.component} and {@code reportingComponent} of our Events. */
  public static final String COMPONENT = "breakwater-controller";

  /** The longest message written; the API server refuses Events much longer. */
  static final int MAX_MESSAGE = 1024;

  private record Key(ObjectRef object, String reason, String message) {}

  private record Emitted(String namespace, String name, int count, Instant last) {}

  private final KubernetesClient client;
  private final LeaderElection leader;
  private final String instance;
  private final Clock clock;
  private final TokenBucket bucket;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();
  private volatile Translation lastTranslation;
  private volatile ClusterSnapshot lastSnapshot;

  // Owned by the recorder thread.
  private final Map<Key, Emitted> emitted = new HashMap<>();
  private boolean retryScheduled;

  /** A recorder with the default rate limit. */
  public EventRecorder(KubernetesClient client, LeaderElection leader, Clock clock) {
    this(client, leader, clock, new TokenBucket(clock, BURST, PER_SECOND));
  }

  EventRecorder(KubernetesClient client, LeaderElection leader, Clock clock, TokenBucket bucket) {
    this.client = Objects.requireNonNull(client, "client");
    this.leader = Objects.requireNonNull(leader, "leader");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.bucket = bucket;
    this.instance = leader.identity() == null ? COMPONENT : leader.identity();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "breakwater-events");
              t.setDaemon(true);
              return t;
            });
    leader.addListener(
        isLeader -> {
          if (isLeader) {
            schedule();
          }
        });
  }

  /** The reason of a problem's Event. */
  static String reason(Problem p) {
    boolean annotation = p.field().startsWith("metadata.annotations");
    if (p.severity() == Severity.ERROR) {
      return annotation ? "InvalidAnnotation" : "NotApplied";
    }
    return annotation ? "AnnotationIgnored" : "TranslationWarning";
  }

  @Override
  public void onSync(
      ClusterSnapshot snapshot,
      Translation translation,
      Outcome outcome,
      Duration duration,
      long oldestChangeAgeNanos,
      Throwable error) {
    lastSnapshot = snapshot;
    lastTranslation = translation;
    if (leader.isLeader()) {
      schedule();
    }
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::record);
      } catch (RejectedExecutionException closed) {
        scheduled.set(false);
      }
    }
  }

  /** Completes once what was recorded before this call is written. For tests. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.runAsync(() -> {}, executor);
  }

  /** Event creations and updates sent so far. */
  public long writes() {
    return writes.get();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record() {
    scheduled.set(false);
    retryScheduled = false;
    Translation t = lastTranslation;
    ClusterSnapshot snapshot = lastSnapshot;
    if (t == null || !leader.isLeader()) {
      return;
    }
    Map<Key, Problem> present = new LinkedHashMap<>();
    for (Problem p : t.problems()) {
      present.putIfAbsent(new Key(p.object(), reason(p), message(p)), p);
    }
    emitted.keySet().retainAll(present.keySet());
    Map<ObjectRef, HasMetadata> objects = objects(snapshot, present.values());
    Instant now = clock.instant();
    boolean deferred = false;
    // New problems first: bumps of old ones must not take the tokens they need.
    List<Map.Entry<Key, Problem>> due = new ArrayList<>();
    for (Map.Entry<Key, Problem> e : present.entrySet()) {
      Emitted before = emitted.get(e.getKey());
      if (before == null) {
        due.add(e);
      }
    }
    for (Map.Entry<Key, Problem> e : present.entrySet()) {
      Emitted before = emitted.get(e.getKey());
      if (before != null && !before.last().plus(REPEAT_AFTER).isAfter(now)) {
        due.add(e);
      }
    }
    for (Map.Entry<Key, Problem> e : due) {
      Emitted before = emitted.get(e.getKey());
      if (!bucket.tryAcquire()) {
        deferred = true;
        break;
      }
      try {
        emitted.put(e.getKey(), write(e.getKey(), e.getValue(), objects, before, now));
      } catch (KubernetesClientException ex) {
        LOG.warn("Event for {} not written: {}", e.getKey().object(), ex.getMessage());
      }
    }
    if (deferred && !retryScheduled) {
      retryScheduled = true;
      executor.schedule(this::record, Math.max(1, bucket.millisToNext()), TimeUnit.MILLISECONDS);
    }
  }

  private Emitted write(
      Key key, Problem p, Map<ObjectRef, HasMetadata> objects, Emitted before, Instant now) {
    writes.incrementAndGet();
    String time = PolicyConditions.format(now);
    if (before != null) {
      try {
        client
            .v1()
            .events()
            .inNamespace(before.namespace())
            .withName(before.name())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"count\":" + (before.count() + 1) + ",\"lastTimestamp\":\"" + time + "\"}");
        return new Emitted(before.namespace(), before.name(), before.count() + 1, now);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        // expired meanwhile: write it anew
      }
    }
    HasMetadata object = objects.get(key.object());
    String objectNamespace =
        object == null ? key.object().namespace() : object.getMetadata().getNamespace();
    // Events about cluster-scoped objects (IngressClasses) go to "default", as client-go does.
    String namespace =
        objectNamespace == null || objectNamespace.isEmpty() ? "default" : objectNamespace;
    String name =
        key.object().name()
            + "."
            + Long.toHexString(
                now.toEpochMilli() * 1_000_000L + ThreadLocalRandom.current().nextInt(1_000_000));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withKind(key.object().kind())
            .withNamespace(objectNamespace)
            .withName(key.object().name())
            .withApiVersion(object == null ? null : object.getApiVersion())
            .withUid(object == null ? null : object.getMetadata().getUid())
            .endInvolvedObject()
            .withType("Warning")
            .withReason(key.reason())
            .withMessage(key.message())
            .withCount(1)
            .withFirstTimestamp(time)
            .withLastTimestamp(time)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .build();
    client.v1().events().inNamespace(namespace).resource(event).create();
    LOG.info("{}: {} {}", p.object(), key.reason(), key.message());
    return new Emitted(namespace, name, 1, now);
  }

  private static String message(Problem p) {
    String m = p.field().isEmpty() ? p.message() : p.field() + ": " + p.message();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /** The objects the problems are about, for their API version and uid. */
  private static Map<ObjectRef, HasMetadata> objects(
      ClusterSnapshot s, java.util.Collection<Problem> problems) {
    Set<ObjectRef> wanted = new HashSet<>();
    problems.forEach(p -> wanted.add(p.object()));
    Map<ObjectRef, HasMetadata> found = new HashMap<>();
    if (s == null) {
      return found;
    }
    Stream.of(
            s.ingresses(),
            s.ingressClasses(),
            s.services(),
            s.secrets(),
            s.circuitBreakers(),
            s.retryPolicies(),
            s.endpointSlices(),
            s.endpoints())
        .flatMap(List::stream)
        .forEach(
            o -> {
              ObjectRef ref = ObjectRef.of(o);
              if (wanted.contains(ref)) {
                found.put(ref, o);
              }
            });
    return found;
  }
}
