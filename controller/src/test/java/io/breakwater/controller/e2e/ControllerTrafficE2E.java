package io.breakwater.controller.e2e;

import static io.breakwater.controller.testing.TestManifests.INGRESS_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.extension.ControllerExtensions;
import io.breakwater.controller.extension.ExtensionOptions;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.sync.RuntimeApiTarget;
import io.breakwater.controller.sync.SyncLoop;
import io.breakwater.controller.testing.BootstrapDataplane;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as {@code breakwater controller} wires it — {@link KubernetesSource}, {@link
 * SyncLoop}, {@link RuntimeApiTarget} and {@link ControllerExtensions} (status with {@code
 * --publish-address}, Events) — with the controller's own identity and the chart's RBAC against the
 * real API server, driving an in-process {@link Dataplane} (Runtime API on a Unix socket in a
 * temporary directory, frontend on 127.0.0.1) whose backends are {@link EchoServer}s named by
 * EndpointSlices: traffic follows the Ingress and its EndpointSlices.
 *
 * <p>The API server refuses loopback (and link-local) endpoint addresses, so the echo servers
 * listen on this machine's first non-loopback IPv4 address of an interface that is up (on the CI
 * machine, eth0's). That address belongs to this machine and is used only locally: the dataplane on
 * this machine connects to echo servers on this machine; nothing else is sent anywhere. Without
 * such an address the test fails and says so.
 */
@ExtendWith(KubeApiServerExtension.class)
@Timeout(180)
class ControllerTrafficE2E {

  private static final Duration BOUND = Duration.ofSeconds(30);

  /** What {@code --publish-address} writes into our Ingresses' status (a documentation address). */
  private static final String PUBLISHED = "198.51.100.7";

  @TempDir Path dir;
  private final KubeApi kube;
  private final String ns;
  private final List<EchoServer> echoes = new ArrayList<>();
  private String address;
  private KubernetesClient client;
  private ControllerExtensions extensions;
  private BootstrapDataplane bootstrap;
  private SyncLoop loop;
  private int port;

  ControllerTrafficE2E(KubeApi kube) {
    this.kube = kube;
    this.ns = kube.createNamespace("traffic");
  }

  @BeforeEach
  void start() throws IOException {
    address = localAddress().getHostAddress();
    for (int i = 0; i < 2; i++) {
      echoes.add(EchoServer.start(new InetSocketAddress(address, 0), "e" + i));
    }
    bootstrap = BootstrapDataplane.plain(dir);
    port = bootstrap.httpPort();
    // As ControllerCommand: one client for the source and the extensions, closed last.
    TranslateOptions options = TranslateOptions.DEFAULT.withWatchNamespaces(Set.of(ns));
    client = new KubernetesClientBuilder().withConfig(kube.controller().getConfiguration()).build();
    extensions =
        ControllerExtensions.create(client, ExtensionOptions.NONE.withPublishAddress(PUBLISHED));
    loop =
        new SyncLoop(
            new KubernetesSource(client, options.watchNamespaces(), options.endpointsMode()),
            new RuntimeApiTarget(RuntimeClient.unix(bootstrap.socket())),
            options,
            extensions.listener(),
            SyncLoop.Settings.DEFAULT.withPacing(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (extensions != null) {
      extensions.close();
    }
    if (client != null) {
      client.close();
    }
    // Other E2E classes share the API server and expect no Ingress in any namespace
    // (ControllerRbacE2E lists them cluster-wide); Ingresses have no finalizers, so they go now.
    kube.admin().network().v1().ingresses().inNamespace(ns).delete();
    if (bootstrap != null) {
      bootstrap.close();
    }
    echoes.forEach(EchoServer::close);
  }

  @Test
  void trafficFollowsTheIngressAndItsEndpointSlices() {
    apply(
        INGRESS_CLASS
            + ingress("web", "web.test", "")
            + TrafficRig.service("web")
            + slice("web", 0));
    loop.start();
    Await.until("web.test answered by e0", BOUND, () -> get("web.test").equals("200 e0"));

    // Scaled up: a second pod's EndpointSlice.
    apply(slice("web", 1));
    Await.until("web.test answered by e0 and e1", BOUND, () -> answers(20).contains("200 e1"));
    assertThat(answers(20)).containsOnly("200 e0", "200 e1");

    // Scaled down: once the dataplane runs one server, no request goes to the other.
    kube.admin().discovery().v1().endpointSlices().inNamespace(ns).withName("web-0").delete();
    Await.until(
        "backend web down to one server",
        BOUND,
        () -> {
          var b = bootstrap.dataplane().config().backend(ns + "/web/80");
          return b != null && b.servers().size() == 1;
        });
    assertThat(answers(50)).containsOnly("200 e1");
  }

  @Test
  void anIngressWithABadAnnotationDoesNotStopTheGoodOneAndBothGetThePublishedAddress() {
    apply(
        INGRESS_CLASS
            + ingress("web", "web.test", "")
            + TrafficRig.service("web")
            + slice("web", 0)
            + ingress("bad", "bad.test", "breakwater.io/timeout-connect: soon")
            + TrafficRig.service("bad")
            + slice("bad", 1));
    loop.start();

    Await.until("web.test answered by e0", BOUND, () -> get("web.test").equals("200 e0"));
    // The invalid value is left out; the bad Ingress's routes still apply.
    Await.until("bad.test answered by e1", BOUND, () -> get("bad.test").equals("200 e1"));
    Await.until(
        "an InvalidAnnotation Event on Ingress bad naming the key",
        BOUND,
        () ->
            kube.admin().v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(ControllerTrafficE2E::isInvalidTimeoutConnectOnBad));
    for (String name : List.of("web", "bad")) {
      Await.until(
          "status.loadBalancer.ingress of Ingress " + name + " is " + PUBLISHED,
          BOUND,
          () -> PUBLISHED.equals(loadBalancerIp(name)));
    }
    assertThat(get("web.test")).isEqualTo("200 e0");
  }

  private static boolean isInvalidTimeoutConnectOnBad(Event e) {
    return "Warning".equals(e.getType())
        && "InvalidAnnotation".equals(e.getReason())
        && "Ingress".equals(e.getInvolvedObject().getKind())
        && "bad".equals(e.getInvolvedObject().getName())
        && e.getMessage() != null
        && e.getMessage().contains("breakwater.io/timeout-connect");
  }

  private String loadBalancerIp(String ingress) {
    Ingress i = kube.admin().network().v1().ingresses().inNamespace(ns).withName(ingress).get();
    if (i == null || i.getStatus() == null || i.getStatus().getLoadBalancer() == null) {
      return null;
    }
    List<IngressLoadBalancerIngress> lb = i.getStatus().getLoadBalancer().getIngress();
    return lb == null || lb.size() != 1 ? null : lb.get(0).getIp();
  }

  /** Server-side applies the documents as the administrator, namespaced ones into {@link #ns}. */
  private void apply(String yaml) {
    List<HasMetadata> objects =
        kube.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : objects) {
      if (!"IngressClass".equals(o.getKind())) {
        o.getMetadata().setNamespace(ns);
      }
      kube.admin().resource(o).fieldManager("e2e").forceConflicts().serverSideApply();
    }
  }

  /** One request on a new connection: status and the echo server that answered (or null). */
  private String get(String host) {
    try (RawHttp c = new RawHttp(port, 5_000)) {
      RawHttp.Response r = c.get("/", host);
      return r.status() + " " + r.header("x-echo-server");
    } catch (IOException e) {
      return "error " + e;
    }
  }

  private Set<String> answers(int requests) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      seen.add(get("web.test"));
    }
    return seen;
  }

  private static String ingress(String name, String host, String annotations) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, annotations: {%s}}
        spec:
          ingressClassName: breakwater
          rules:
            - host: %s
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}
        """
        .formatted(name, annotations, host, name);
  }

  /** The EndpointSlice {@code name-i} of Service {@code name}: one ready pod, echo server i. */
  private String slice(String name, int i) {
    return """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: %s-%d, labels: {kubernetes.io/service-name: %s}}
        addressType: IPv4
        ports: [{port: %d}]
        endpoints:
          - {addresses: [%s], conditions: {ready: true}}
        """
        .formatted(name, i, name, echoes.get(i).port(), address);
  }

  /**
   * The first IPv4 address of an interface that is up and not loopback, and not link-local (the API
   * server refuses those too).
   */
  static InetAddress localAddress() throws SocketException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return a;
        }
      }
    }
    throw new AssertionError(
        "ControllerTrafficE2E needs a non-loopback, non-link-local IPv4 address on an interface"
            + " that is up (the API server refuses loopback endpoint addresses); this machine has"
            + " none");
  }
}
