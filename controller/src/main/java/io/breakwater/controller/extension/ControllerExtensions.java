package io.breakwater.controller.extension;

import io.breakwater.controller.metrics.ControllerMetrics;
import io.breakwater.controller.metrics.MetricsServer;
import io.breakwater.controller.status.AddressSource;
import io.breakwater.controller.status.EventRecorder;
import io.breakwater.controller.status.LeaderElection;
import io.breakwater.controller.status.LoadBalancerAddress;
import io.breakwater.controller.status.ServiceAddressSource;
import io.breakwater.controller.status.StatusWriter;
import io.breakwater.controller.sync.SyncListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything beside the sync loop, built from the command line in one call:
 *
 * <pre>{@code
 * try (ControllerExtensions ext = ControllerExtensions.create(client, options)) {
 *   SyncLoop loop = new SyncLoop(..., ext.listener());   // call listener() after every sync
 *   ...                                                  // run until SIGTERM
 * }
 * }</pre>
 *
 * <p>With a {@link KubernetesClient}: a {@link LeaderElection} (on a Lease with {@code
 * --leader-elect}, else this replica always leads), a {@link StatusWriter} (Ingress addresses from
 * {@code --publish-service} or {@code --publish-address}, which exclude each other; policy
 * conditions always), an {@link EventRecorder}, and {@link ControllerMetrics}. With {@code null}
 * (the {@code --manifests} mode) there is nothing to write to: no election, no statuses, no Events,
 * and the publish and election flags are ignored with a warning; metrics still work. With {@code
 * --metrics-listen}, a {@link MetricsServer} serves them.
 *
 * <p>{@link #listener()} is one {@link SyncListener} that calls the others in turn, each guarded:
 * an exception in one is logged and never reaches the sync loop. {@link #close()} stops them all,
 * in reverse order of creation, and releases the Lease.
 */
public final class ControllerExtensions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerExtensions.class);

  private final LeaderElection leaderElection;
  private final ControllerMetrics metrics;
  private final List<SyncListener> listeners;
  private final SyncListener listener;
  private final MetricsServer metricsServer;
  private final Deque<AutoCloseable> closeables;

  private ControllerExtensions(
      LeaderElection leaderElection,
      ControllerMetrics metrics,
      List<SyncListener> listeners,
      MetricsServer metricsServer,
      Deque<AutoCloseable> closeables) {
    this.leaderElection = leaderElection;
    this.metrics = metrics;
    this.listeners = List.copyOf(listeners);
    this.listener = fanOut(this.listeners);
    this.metricsServer = metricsServer;
    this.closeables = closeables;
  }

  /**
   * Builds and starts everything the options ask for.
   *
   * @param client the API server's client, or {@code null} in the {@code --manifests} mode
   * @throws IllegalArgumentException when a flag's value is invalid, naming the flag
   * @throws java.io.UncheckedIOException when {@code --metrics-listen} cannot be bound
   */
  public static ControllerExtensions create(KubernetesClient client, ExtensionOptions options) {
    return create(client, options, System.getenv(), Clock.systemUTC());
  }

  static ControllerExtensions create(
      KubernetesClient client, ExtensionOptions options, Map<String, String> env, Clock clock) {
    // Validate every flag before anything starts.
    if (options.publishService() != null && options.publishAddress() != null) {
      throw new IllegalArgumentException(
          "--publish-service and --publish-address exclude each other (expected: one of them)");
    }
    List<LoadBalancerAddress> fixed =
        options.publishAddress() == null
            ? List.of()
            : LoadBalancerAddress.parseList(options.publishAddress());
    InetSocketAddress listen =
        options.metricsListen() == null ? null : MetricsServer.parseListen(options.metricsListen());

    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    List<SyncListener> listeners = new ArrayList<>();
    ControllerMetrics metrics = new ControllerMetrics();
    listeners.add(metrics);
    LeaderElection election;
    try {
      if (client == null) {
        if (options.publishService() != null
            || options.publishAddress() != null
            || options.leaderElect()) {
          LOG.warn(
              "without an API server (--manifests) no status is written: --publish-service,"
                  + " --publish-address and --leader-elect are ignored");
        }
        election = LeaderElection.always();
      } else {
        election =
            options.leaderElect()
                ? LeaderElection.lease(
                    client,
                    LeaderElection.Settings.of(
                        options.leaseName(), options.leaseNamespace(), client.getNamespace(), env))
                : LeaderElection.always();
        closeables.push(election);
        AddressSource addresses =
            options.publishService() != null
                ? ServiceAddressSource.watch(client, options.publishService())
                : AddressSource.fixed(fixed);
        closeables.push(addresses);
        StatusWriter status = new StatusWriter(client, election, addresses, clock);
        closeables.push(status);
        listeners.add(status);
        EventRecorder events = new EventRecorder(client, election, clock);
        closeables.push(events);
        listeners.add(events);
      }
      election.addListener(metrics::leader);
      metrics.leader(election.isLeader());
      MetricsServer server = null;
      if (listen != null) {
        server = MetricsServer.start(listen, metrics.registry(), metrics::ready);
        closeables.push(server);
        LOG.info(
            "metrics, /healthz and /readyz on http://{}:{}",
            server.address().getHostString(),
            server.address().getPort());
      }
      election.start();
      return new ControllerExtensions(election, metrics, listeners, server, closeables);
    } catch (RuntimeException e) {
      closeAll(closeables);
      throw e;
    }
  }

  /** The one listener the sync loop calls after every sync. */
  public SyncListener listener() {
    return listener;
  }

  /** The listeners {@link #listener()} calls, in order: metrics, then status and Events. */
  public List<SyncListener> listeners() {
    return listeners;
  }

  /** Who leads; always this replica without {@code --leader-elect}. */
  public LeaderElection leaderElection() {
    return leaderElection;
  }

  /** The controller's metrics. */
  public ControllerMetrics metrics() {
    return metrics;
  }

  /** Where {@code /metrics} is served, if {@code --metrics-listen} was given. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsServer).map(MetricsServer::address);
  }

  @Override
  public void close() {
    closeAll(closeables);
  }

  /**
   * One listener that calls {@code listeners} in order, each guarded: an exception in one is
   * logged, the others still run, and none reaches the sync loop.
   */
  public static SyncListener fanOut(List<SyncListener> listeners) {
    List<SyncListener> all = List.copyOf(listeners);
    return (snapshot, translation, outcome, duration, oldestChangeAgeNanos, error) -> {
      for (SyncListener l : all) {
        try {
          l.onSync(snapshot, translation, outcome, duration, oldestChangeAgeNanos, error);
        } catch (RuntimeException e) {
          LOG.warn("{} failed on a sync", l.getClass().getSimpleName(), e);
        }
      }
    };
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }
}
