package io.breakwater.controller.cli;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.extension.ControllerExtensions;
import io.breakwater.controller.extension.ExtensionOptions;
import io.breakwater.controller.source.ClusterSource;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.source.ManifestsSource;
import io.breakwater.controller.sync.RuntimeApiTarget;
import io.breakwater.controller.sync.SyncLoop;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.cli.Signals;
import io.breakwater.dataplane.config.Durations;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breakwater controller}: watches a cluster (or a manifests directory) and keeps a dataplane
 * current through its Runtime API until SIGTERM.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the controller: watch the cluster (or a manifests directory) and keep the dataplane's"
          + " routes, backends and servers current through its Runtime API.",
      "The dataplane keeps serving its last config when the controller or the API server is down."
    })
public final class ControllerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Where cluster objects come from; fabric8's usual discovery when none is given. */
  static final class SourceOptions {
    @Option(
        names = "--kubeconfig",
        paramLabel = "FILE",
        description = "A kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(
        names = "--in-cluster",
        description = "Use the pod's service account (what a Deployment runs with).")
    boolean inCluster;

    @Option(
        names = "--manifests",
        paramLabel = "DIR",
        description =
            "Read *.yaml, *.yml and *.json below DIR instead of a cluster; re-read when files"
                + " change.")
    Path manifests;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  SourceOptions source = new SourceOptions();

  @Option(
      names = {"--runtime-api", "--dataplane-socket"},
      paramLabel = "ADDR",
      description =
          "The dataplane's Runtime API (admin level): a Unix socket path or host:port. Default:"
              + " ${DEFAULT-VALUE}.",
      defaultValue = "/var/run/breakwater/runtime.sock")
  String runtimeApi;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--sync-period",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Sync at least this often, changes or not (a restarted dataplane gets its config back"
              + " then). Default: ${DEFAULT-VALUE}.")
  Duration syncPeriod;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      defaultValue = "20ms",
      converter = DurationConverter.class,
      description = "Sync once changes pause this long. Default: ${DEFAULT-VALUE}.")
  Duration debounce;

  @Option(
      names = "--max-delay",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description =
          "Sync at the latest this long after a change, even while changes keep coming. Default:"
              + " ${DEFAULT-VALUE}.")
  Duration maxDelay;

  @Option(
      names = "--dataplane-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Give up on the dataplane's Runtime API when it stays silent this long: connecting, or"
              + " waiting for an answer (a whole config of thousands of backends takes a loaded"
              + " dataplane seconds). Default: ${DEFAULT-VALUE}.")
  Duration dataplaneTimeout;

  @Option(
      names = "--publish-service",
      paramLabel = "NAMESPACE/NAME",
      description =
          "Write this Service's load-balancer addresses into the status of the Ingresses we serve.")
  String publishService;

  @Option(
      names = "--publish-address",
      paramLabel = "A[,B...]",
      description = "Write these IPs or host names into our Ingresses' status instead.")
  String publishAddress;

  @Option(
      names = "--leader-elect",
      description =
          "Elect one replica on a coordination.k8s.io Lease to write status and Events (every"
              + " replica keeps its own dataplane in sync).")
  boolean leaderElect;

  @Option(
      names = "--lease-name",
      description = "Name of the leader-election Lease (default: breakwater-leader).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      description =
          "Namespace of the Lease (default: $POD_NAMESPACE, else the client's namespace).")
  String leaseNamespace;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      description = "Serve the controller's /metrics, /healthz and /readyz there.")
  String metricsListen;

  /**
   * The Runtime API client for {@code --runtime-api} with the {@code --dataplane-timeout}.
   *
   * @throws IllegalArgumentException naming the flag, for an address or timeout it cannot take
   */
  static RuntimeClient runtimeClient(String address, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "--dataplane-timeout: "
              + Durations.format(timeout)
              + " (expected: a duration above 0, such as 60s)");
    }
    return RuntimeApiAddress.client(address).withTimeout(timeout);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SyncLoop.Settings settings;
    RuntimeClient client;
    try {
      settings =
          SyncLoop.Settings.DEFAULT.withSyncPeriod(syncPeriod).withPacing(debounce, maxDelay);
      client = runtimeClient(runtimeApi, dataplaneTimeout);
    } catch (IllegalArgumentException e) {
      err.println("breakwater controller: " + e.getMessage());
      return 2;
    }
    if (source.manifests != null && !Files.isDirectory(source.manifests)) {
      err.println(
          "breakwater controller: --manifests: " + source.manifests + " is not a directory");
      return 2;
    }
    TranslateOptions options = selection.options();
    ExtensionOptions extensionOptions =
        ExtensionOptions.NONE
            .withPublishService(publishService)
            .withPublishAddress(publishAddress)
            .withLeaderElect(leaderElect, leaseName, leaseNamespace)
            .withMetricsListen(metricsListen);
    KubernetesClient kube = null;
    ClusterSource clusterSource;
    ControllerExtensions extensions;
    try {
      kube = source.manifests != null ? null : kubernetesClient();
      clusterSource =
          source.manifests != null
              ? new ManifestsSource(source.manifests)
              : new KubernetesSource(
                  kube,
                  options.watchNamespaces(),
                  options.endpointsMode(),
                  options.defaultTlsCertificate());
      extensions = ControllerExtensions.create(kube, extensionOptions);
    } catch (RuntimeException e) {
      if (kube != null) {
        kube.close();
      }
      err.println("breakwater controller: " + e.getMessage());
      return 2;
    }
    SyncLoop loop =
        new SyncLoop(
            clusterSource, new RuntimeApiTarget(client), options, extensions.listener(), settings);
    Signals signals = Signals.install();
    loop.start();
    out.printf(
        "controller: %s → %s (class %s, debounce %s, sync period %s); Ctrl-C or SIGTERM to stop%n",
        source.manifests != null ? "manifests " + source.manifests : "Kubernetes API",
        client.target(),
        options.ingressClass(),
        Durations.format(debounce),
        Durations.format(syncPeriod));
    out.flush();
    try {
      String signal = signals.await();
      out.printf("SIG%s: stopping; the dataplane keeps its config%n", signal);
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      loop.close();
      extensions.close(); // releases the Lease, stops the status writers and /metrics
      if (kube != null) {
        kube.close();
      }
    }
    out.println("stopped");
    out.flush();
    return 0;
  }

  private KubernetesClient kubernetesClient() {
    Config config;
    if (source.kubeconfig != null) {
      try {
        config = Config.fromKubeconfig(Files.readString(source.kubeconfig, StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "--kubeconfig: cannot read " + source.kubeconfig + ": " + e.getMessage(), e);
      }
    } else if (source.inCluster) {
      // The service account only, even where a kubeconfig lies around.
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      config = Config.autoConfigure(null);
    } else {
      config = Config.autoConfigure(null);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
