package io.breakwater.controller.e2e;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.extension.ControllerExtensions;
import io.breakwater.controller.extension.ExtensionOptions;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.sync.DataplaneTarget;
import io.breakwater.controller.sync.RuntimeApiTarget;
import io.breakwater.controller.sync.SyncListener;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.sync.SyncLoop;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.RawHttp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the load E2E tests share, as {@link ControllerTrafficE2E} sets it up: echo servers on this
 * machine's non-loopback address (the API server refuses loopback endpoints), an in-process {@link
 * Dataplane} with its Runtime API on a Unix socket, and {@linkplain #startController controllers}
 * wired as {@code breakwater controller} wires them, with the controller's identity and the chart's
 * RBAC. {@link #close()} stops the controller, deletes the namespace's Ingresses (other E2E classes
 * expect none), and stops the dataplane and the echo servers.
 */
final class TrafficRig implements AutoCloseable {

  final KubeApi kube;
  final String ns;
  final String address;
  final List<EchoServer> echoes = new ArrayList<>();
  final Dataplane dataplane;
  final int port;
  private final Path socket;
  private final List<Controller> controllers = new ArrayList<>();

  private TrafficRig(KubeApi kube, String ns, Path dir, int echoCount) throws IOException {
    this.kube = kube;
    this.ns = ns;
    this.address = ControllerTrafficE2E.localAddress().getHostAddress();
    for (int i = 0; i < echoCount; i++) {
      echoes.add(EchoServer.start(new InetSocketAddress(address, 0), "e" + i));
    }
    this.socket = dir.resolve("runtime.sock");
    port = Ports.free();
    dataplane =
        Dataplane.start(
            ConfigLoader.parse(
                "global:\n"
                    + "  runtimeApi: [{unix: "
                    + socket
                    + ", level: admin}]\n"
                    + "frontends:\n"
                    + "  - {name: http, listen: 127.0.0.1:"
                    + port
                    + "}\n",
                "bootstrap.yaml"));
  }

  /** Echo servers {@code e0 … e<echoCount-1>} and a dataplane; no controller yet. */
  static TrafficRig start(KubeApi kube, String ns, Path dir, int echoCount) throws IOException {
    return new TrafficRig(kube, ns, dir, echoCount);
  }

  /**
   * Starts a controller on the rig's namespace, as {@code ControllerCommand} builds it: its own
   * client with the controller's identity, {@link KubernetesSource}, {@link ControllerExtensions}
   * and a {@link SyncLoop} with {@code settings}, driving the dataplane over its Runtime API.
   */
  Controller startController(SyncLoop.Settings settings) {
    Controller c = new Controller(settings);
    controllers.add(c);
    c.loop.start();
    return c;
  }

  /** The name of the dataplane backend the controller makes of Service {@code name}, port 80. */
  String backendName(String service) {
    return ns + "/" + service + "/80";
  }

  /** The ports of the servers the dataplane runs for Service {@code name}; empty when none. */
  Set<Integer> runningPorts(String service) {
    return ports(dataplane.config().backend(backendName(service)));
  }

  int echoPort(int i) {
    return echoes.get(i).port();
  }

  /** Server-side applies the documents as the administrator, namespaced ones into {@link #ns}. */
  void apply(String yaml) {
    List<HasMetadata> objects =
        kube.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : objects) {
      if (!"IngressClass".equals(o.getKind())) {
        o.getMetadata().setNamespace(ns);
      }
      kube.admin().resource(o).fieldManager("e2e").forceConflicts().serverSideApply();
    }
  }

  /** One request on a new connection: status and the echo server that answered, or the error. */
  String get(String host) {
    try (RawHttp c = new RawHttp(port, 5_000)) {
      RawHttp.Response r = c.get("/", host);
      return r.status() + " " + r.header("x-echo-server");
    } catch (IOException e) {
      return "error " + e;
    }
  }

  /** An Ingress {@code name} routing {@code host}, every path, to Service {@code service}:80. */
  static String ingress(String name, String host, String service) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s}
        spec:
          ingressClassName: breakwater
          rules:
            - host: %s
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}
        """
        .formatted(name, host, service);
  }

  static String service(String name) {
    return """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s}
        spec:
          ports: [{port: 80}]
        """
        .formatted(name);
  }

  /** EndpointSlice {@code sliceName} of Service {@code service}: one ready pod, echo server i. */
  String slice(String service, String sliceName, int echo) {
    return """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: %s, labels: {kubernetes.io/service-name: %s}}
        addressType: IPv4
        ports: [{port: %d}]
        endpoints:
          - {addresses: [%s], conditions: {ready: true}}
        """
        .formatted(sliceName, service, echoPort(echo), address);
  }

  @Override
  public void close() {
    try {
      controllers.forEach(Controller::close);
      // Other E2E classes share the API server and expect no Ingress in any namespace
      // (ControllerRbacE2E lists them cluster-wide); Ingresses have no finalizers.
      kube.admin().network().v1().ingresses().inNamespace(ns).delete();
    } finally {
      dataplane.close();
      echoes.forEach(EchoServer::close);
    }
  }

  private static Set<Integer> ports(Backend b) {
    Set<Integer> ports = new TreeSet<>();
    if (b != null) {
      for (Server s : b.servers()) {
        ports.add(s.address().port());
      }
    }
    return ports;
  }

  /**
   * What the controller sent and when its Runtime API call returned (the dataplane answers after it
   * applied): the server ports of each backend sent, a {@code set config} sending all of them.
   *
   * @param atNanos {@link System#nanoTime()} when the call returned
   * @param ports backend name → server ports
   */
  record Applied(long atNanos, Map<String, Set<Integer>> ports) {}

  /** One controller process's worth of objects; {@link #close()} is what SIGTERM does. */
  final class Controller implements AutoCloseable {
    private final KubernetesClient client;
    private final ControllerExtensions extensions;
    final SyncLoop loop;

    /** Every sync's outcome, in order. */
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    private final BlockingQueue<Applied> applied = new LinkedBlockingQueue<>();
    private boolean closed;

    private Controller(SyncLoop.Settings settings) {
      TranslateOptions options = TranslateOptions.DEFAULT.withWatchNamespaces(Set.of(ns));
      client =
          new KubernetesClientBuilder().withConfig(kube.controller().getConfiguration()).build();
      extensions = ControllerExtensions.create(client, ExtensionOptions.NONE);
      SyncListener status = extensions.listener();
      loop =
          new SyncLoop(
              new KubernetesSource(client, options.watchNamespaces(), options.endpointsMode()),
              new Recording(new RuntimeApiTarget(RuntimeClient.unix(socket)), applied),
              options,
              (s, t, o, d, age, e) -> {
                outcomes.add(o);
                status.onSync(s, t, o, d, age, e);
              },
              settings);
    }

    /**
     * Waits until the controller has sent {@code ports} as the servers of Service {@code service}
     * and the dataplane has answered; earlier sends are passed over.
     */
    Applied awaitApplied(String service, Set<Integer> ports, Duration bound)
        throws InterruptedException {
      String backend = backendName(service);
      long deadline = System.nanoTime() + bound.toNanos();
      while (true) {
        Applied a = applied.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (a == null) {
          throw new AssertionError(
              "not within " + bound.toSeconds() + "s: servers " + ports + " of " + backend);
        }
        if (ports.equals(a.ports().get(backend))) {
          return a;
        }
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        loop.close();
        extensions.close();
      } finally {
        client.close();
      }
    }
  }

  /** A {@link RuntimeApiTarget} that notes what it sent, when the dataplane had answered. */
  private static final class Recording implements DataplaneTarget {
    private final DataplaneTarget target;
    private final BlockingQueue<Applied> applied;

    Recording(DataplaneTarget target, BlockingQueue<Applied> applied) {
      this.target = target;
      this.applied = applied;
    }

    @Override
    public Identity identity() throws IOException {
      return target.identity();
    }

    @Override
    public Running read() throws IOException {
      return target.read();
    }

    @Override
    public long setConfig(long version, Config config) throws IOException {
      long v = target.setConfig(version, config);
      long at = System.nanoTime();
      Map<String, Set<Integer>> sent = new TreeMap<>();
      for (Backend b : config.backends()) {
        sent.put(b.name(), ports(b));
      }
      applied.add(new Applied(at, sent));
      return v;
    }

    @Override
    public long setServers(Backend backend) throws IOException {
      long v = target.setServers(backend);
      applied.add(new Applied(System.nanoTime(), Map.of(backend.name(), ports(backend))));
      return v;
    }

    @Override
    public String describe() {
      return target.describe();
    }
  }
}
