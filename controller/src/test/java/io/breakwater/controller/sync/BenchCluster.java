package io.breakwater.controller.sync;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.testing.Ports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other process of {@link ControllerBench}, so that the controller's heap holds only the
 * controller: a dataplane with the Runtime API on a Unix socket and, with {@code --source mock},
 * fabric8's CRUD mock API server filled with {@code apps} Ingresses, as many Services, and {@code
 * endpoints} endpoints spread over one EndpointSlice per Service. Prints {@code READY <url>} (or
 * {@code READY -} without the mock) once filled, and stops when its standard input closes.
 *
 * <p>Arguments: {@code socket apps endpoints}; {@code apps} 0 for no mock API server.
 */
public final class BenchCluster {
  static final int NAMESPACES = 10;

  private BenchCluster() {}

  static String namespace(int app) {
    return "bench-" + (app % NAMESPACES);
  }

  static String name(int app) {
    return "app-" + app;
  }

  /** The address of the {@code n}-th endpoint ever made: 10.0.0.0/8, unique below 2^24. */
  static String address(int n) {
    return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }

  static Endpoint endpoint(int n) {
    return new EndpointBuilder()
        .withAddresses(address(n))
        .withNewConditions()
        .withReady(true)
        .endConditions()
        .withNewTargetRef()
        .withKind("Pod")
        .withName("pod-" + n)
        .endTargetRef()
        .build();
  }

  static List<HasMetadata> app(int app, int endpointsPerApp) {
    String ns = namespace(app);
    String name = name(app);
    List<Endpoint> eps = new ArrayList<>();
    for (int e = 0; e < endpointsPerApp; e++) {
      eps.add(endpoint(app * endpointsPerApp + e));
    }
    return List.of(
        new IngressBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
            .withNewSpec()
            .withIngressClassName("breakwater")
            .addNewRule()
            .withHost(name + ".bench.test")
            .withNewHttp()
            .addNewPath()
            .withPath("/")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName(name)
            .withNewPort()
            .withNumber(80)
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .endSpec()
            .build(),
        new ServiceBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
            .withNewSpec()
            .addNewPort()
            .withPort(80)
            .endPort()
            .endSpec()
            .build(),
        new EndpointSliceBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(name + "-1")
                    .withNamespace(ns)
                    .withLabels(Map.of("kubernetes.io/service-name", name))
                    .build())
            .withAddressType("IPv4")
            .addNewPort()
            .withPort(8080)
            .endPort()
            .withEndpoints(eps)
            .build());
  }

  /** The CRUD mock API server, filled. */
  private static KubernetesMockServer mockServer(int apps, int endpointsPerApp) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      client
          .resource(
              new IngressClassBuilder()
                  .withNewMetadata()
                  .withName("breakwater")
                  .endMetadata()
                  .withNewSpec()
                  .withController("breakwater.io/ingress-controller")
                  .endSpec()
                  .build())
          .create();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int a = 0; a < apps; a++) {
        int app = a;
        done.add(
            pool.submit(
                () -> {
                  for (HasMetadata o : app(app, endpointsPerApp)) {
                    client.resource(o).create();
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
    }
    return server;
  }

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    int apps = Integer.parseInt(args[1]);
    int endpointsPerApp = apps > 0 ? Integer.parseInt(args[2]) / apps : 0;
    Dataplane dataplane =
        Dataplane.start(
            ConfigLoader.parse(
                "global:\n  workers: 1\n  runtimeApi: [{unix: "
                    + socket
                    + ", level: admin}]\n"
                    + "frontends:\n  - {name: http, listen: 127.0.0.1:"
                    + Ports.free()
                    + "}\n",
                "bootstrap.yaml"));
    KubernetesMockServer server = apps > 0 ? mockServer(apps, endpointsPerApp) : null;
    System.out.println("READY " + (server == null ? "-" : server.url("/")));
    System.out.flush();
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // until the parent closes our input
      }
    } catch (IOException e) {
      // parent gone
    }
    if (server != null) {
      server.destroy();
    }
    dataplane.close();
  }
}
