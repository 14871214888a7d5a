package io.breakwater.controller.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica writes statuses and Events: the holder of a {@code coordination.k8s.io/v1} Lease
 * ({@code --leader-elect}), elected with fabric8's {@code LeaderElector}, or, without {@code
 * --leader-elect}, this replica always ({@link #always()}). Every replica configures its own
 * dataplane either way; leadership only decides who writes to the API server.
 *
 * <p>A replica that loses the Lease (it could not renew it within the renew deadline, e.g. while
 * the API server was unreachable) stops writing at once and joins the election again, rather than
 * exiting as client-go's controllers do: its dataplane must keep being configured. {@link #close()}
 * releases the Lease so that another replica takes over within one retry period instead of one
 * lease duration.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** The Lease's name unless {@code --lease-name} says otherwise. */
  public static final String DEFAULT_LEASE_NAME = "breakwater-leader";

  /**
   * Where the election takes place and how fast it moves.
   *
   * @param leaseName the Lease's name
   * @param namespace the Lease's namespace
   * @param identity this replica's identity in the Lease ({@code holderIdentity})
   * @param leaseDuration how long a Lease not renewed keeps others from taking it
   * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
   * @param retryPeriod how often candidates try and the leader renews
   */
  public record Settings(
      String leaseName,
      String namespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {

    /** client-go's defaults, which ingress-nginx also uses: 15 s, 10 s, 2 s. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    public Settings {
      Objects.requireNonNull(leaseName, "leaseName");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      Objects.requireNonNull(renewDeadline, "renewDeadline");
      Objects.requireNonNull(retryPeriod, "retryPeriod");
    }

    /**
     * The settings of a replica: the Lease {@code leaseName} (default {@value #DEFAULT_LEASE_NAME})
     * in {@code namespace}, else {@code $POD_NAMESPACE}, else {@code clientNamespace} (the
     * in-cluster service account's namespace), else {@code default}; the identity {@code $POD_NAME}
     * (else the host name) followed by {@code _} and 8 random hex digits, so a restarted pod is a
     * new candidate; client-go's default timings.
     */
    public static Settings of(
        String leaseName, String namespace, String clientNamespace, Map<String, String> env) {
      String ns = firstNonEmpty(namespace, env.get("POD_NAMESPACE"), clientNamespace, "default");
      String host = firstNonEmpty(env.get("POD_NAME"), hostName(), "breakwater");
      byte[] random = new byte[4];
      ThreadLocalRandom.current().nextBytes(random);
      return new Settings(
          firstNonEmpty(leaseName, DEFAULT_LEASE_NAME),
          ns,
          host + "_" + HexFormat.of().formatHex(random),
          DEFAULT_LEASE_DURATION,
          DEFAULT_RENEW_DEADLINE,
          DEFAULT_RETRY_PERIOD);
    }

    /** The same settings with other timings (tests use short ones). */
    public Settings withTimings(Duration lease, Duration renew, Duration retry) {
      return new Settings(leaseName, namespace, identity, lease, renew, retry);
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Lock lock;
  private final AtomicBoolean leader;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private volatile CompletableFuture<?> running;

  private LeaderElection(KubernetesClient client, Settings settings, Lock lock, boolean leader) {
    this.client = client;
    this.settings = settings;
    this.lock = lock;
    this.leader = new AtomicBoolean(leader);
  }

  /**
   * This replica leads always: no {@code --leader-elect}, or no API server ({@code --manifests}).
   */
  public static LeaderElection always() {
    return new LeaderElection(null, null, null, true);
  }

  /** An election on the Lease of {@code settings}; {@link #start()} enters it. */
  public static LeaderElection lease(KubernetesClient client, Settings settings) {
    return lease(
        client,
        settings,
        new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()));
  }

  /** An election on any fabric8 lock (tests use an in-memory one). */
  static LeaderElection lease(KubernetesClient client, Settings settings, Lock lock) {
    return new LeaderElection(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(lock, "lock"),
        false);
  }

  /** Enters the election (nothing to do for {@link #always()}); returns this. */
  public synchronized LeaderElection start() {
    if (client != null && running == null && !closed) {
      LOG.info(
          "leader election on Lease {}/{} as {}",
          settings.namespace(),
          settings.leaseName(),
          settings.identity());
      run();
    }
    return this;
  }

  /** Whether this replica leads now. */
  public boolean isLeader() {
    return leader.get();
  }

  /** This replica's identity in the Lease; {@code null} for {@link #always()}. */
  public String identity() {
    return settings == null ? null : settings.identity();
  }

  /**
   * Calls {@code listener} with the new state each time this replica starts or stops leading, on
   * the election's thread; it must not block.
   */
  public void addListener(Consumer<Boolean> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Leaves the election, releasing the Lease if this replica holds it. */
  @Override
  public void close() {
    CompletableFuture<?> r;
    synchronized (this) {
      closed = true;
      r = running;
    }
    if (r != null) {
      r.cancel(true);
    }
    set(false);
  }

  private synchronized void run() {
    if (closed) {
      return;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName("breakwater")
            .withLock(lock)
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.renewDeadline())
            .withRetryPeriod(settings.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> set(true),
                    () -> set(false),
                    holder -> LOG.info("leader is now {}", holder)))
            .build();
    CompletableFuture<?> f = client.leaderElector().withConfig(config).build().start();
    running = f;
    // The elector's future ends when leadership is lost (or on close): enter the next election.
    f.whenComplete(
        (v, t) -> {
          set(false);
          if (!closed) {
            LOG.warn(
                "lost the Lease {}/{}; rejoining the election",
                settings.namespace(),
                settings.leaseName());
            run();
          }
        });
  }

  private void set(boolean now) {
    if (leader.compareAndSet(!now, now)) {
      LOG.info("{} leading", now ? "started" : "stopped");
      for (Consumer<Boolean> l : listeners) {
        try {
          l.accept(now);
        } catch (RuntimeException e) {
          LOG.warn("leadership listener failed", e);
        }
      }
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
