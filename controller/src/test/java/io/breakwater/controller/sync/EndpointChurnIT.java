package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.source.Manifests;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.translate.EndpointsMode;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.RawHttp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod churn through the whole loop (issue 5 §10): fabric8's CRUD mock API server, {@link
 * KubernetesSource}, {@link SyncLoop} with its default pacing, a dataplane over its Runtime API,
 * and echo backends on loopback addresses. A Service's EndpointSlice is rewritten every 200 ms for
 * 30 s, rotating through a pool of eight echo backends two at a time (each is out for 1.2 s, then
 * comes back), while keep-alive clients send requests through the dataplane.
 *
 * <p>Each response is recorded with the echo backend that answered and the interval [sent, done]
 * that brackets its arrival there. From the sync callbacks, each backend has intervals in which it
 * is certainly not in the dataplane's set: from the end of the apply that removed it (the answer to
 * {@code set backend … servers} came before the callback) to the start of the sync that put it
 * back. A request sent after the removal was applied and answered before the re-adding sync began
 * is one that reached an endpoint after its removal: there must be none, and no request may fail.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(180)
class EndpointChurnIT {
  private static final String BACKEND = "default/web/80";
  private static final int POOL = 8;
  private static final int ACTIVE = 2;
  private static final Duration PERIOD = Duration.ofMillis(200);
  private static final Duration CHURN = Duration.ofSeconds(30);
  private static final int CLIENTS = 3;

  KubernetesClient client;

  @TempDir Path dir;
  private final List<EchoServer> echoes = new ArrayList<>();
  private Dataplane dataplane;
  private SyncLoop loop;
  private int port;
  private ScheduledExecutorService churn;
  private ExecutorService load;

  /** A response: which echo backend answered; sent and done on {@link System#nanoTime()}. */
  private record Answer(String server, long sentAt, long doneAt) {}

  /** A backend certainly not in the dataplane's set from {@code from} to {@code to}. */
  private record Out(String server, long from, long to) {}

  /** Removals and re-additions as the sync callbacks see them; called on the sync thread. */
  private static final class Applied implements SyncListener {
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final Map<String, Long> removedAt = new ConcurrentHashMap<>();
    final List<Out> out = new CopyOnWriteArrayList<>();
    volatile Set<String> current = Set.of();

    @Override
    public void onSync(
        io.breakwater.controller.model.ClusterSnapshot snapshot,
        io.breakwater.controller.translate.Translation translation,
        Outcome outcome,
        Duration duration,
        long age,
        Throwable error) {
      long now = System.nanoTime();
      outcomes.add(outcome);
      if (outcome == Outcome.FAILED) {
        return;
      }
      Set<String> servers = new TreeSet<>();
      for (Backend b : translation.backends()) {
        if (b.name().equals(BACKEND)) {
          b.servers().forEach(s -> servers.add(s.name()));
        }
      }
      long started = now - duration.toNanos();
      for (String s : current) {
        if (!servers.contains(s)) {
          removedAt.put(s, now);
        }
      }
      for (String s : servers) {
        Long removed = removedAt.remove(s);
        if (removed != null) {
          out.add(new Out(s, removed, started));
        }
      }
      current = servers;
    }

    /** The intervals, with those still open at {@code end} closed there. */
    List<Out> intervals(long end) {
      List<Out> all = new ArrayList<>(out);
      removedAt.forEach((s, from) -> all.add(new Out(s, from, end)));
      return all;
    }
  }

  @BeforeEach
  void start() throws IOException {
    startEchoes();
    Path socket = dir.resolve("runtime.sock");
    port = Ports.free();
    dataplane =
        Dataplane.start(
            ConfigLoader.parse(
                "global:\n  workers: 1\n  runtimeApi: [{unix: "
                    + socket
                    + ", level: admin}]\n"
                    + "frontends:\n  - {name: http, listen: 127.0.0.1:"
                    + port
                    + "}\n",
                "bootstrap.yaml"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (churn != null) {
      churn.shutdownNow();
      churn.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (load != null) {
      load.shutdownNow();
      load.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (loop != null) {
      loop.close();
    }
    if (dataplane != null) {
      dataplane.close();
    }
    echoes.forEach(EchoServer::close);
  }

  /**
   * The pool on one port, each echo backend on its own loopback address (127.0.0.1, .2, …), so that
   * one EndpointSlice with one port lists them all; tries another port when one is taken.
   */
  private void startEchoes() {
    for (int attempt = 0; ; attempt++) {
      try {
        echoes.add(EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e0"));
        int shared = echoes.get(0).port();
        for (int i = 1; i < POOL; i++) {
          echoes.add(
              EchoServer.start(new InetSocketAddress("127.0.0." + (i + 1), shared), "e" + i));
        }
        return;
      } catch (UncheckedIOException e) {
        echoes.forEach(EchoServer::close);
        echoes.clear();
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Rewrite {@code k}: ACTIVE consecutive echo backends of the pool, the rest gone. */
  private void writeSlice(int k) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < ACTIVE; i++) {
      EchoServer e = echoes.get((k + i) % POOL);
      endpoints.add(
          new EndpointBuilder()
              .withAddresses(e.address().getAddress().getHostAddress())
              .withNewConditions()
              .withReady(true)
              .endConditions()
              .withNewTargetRef()
              .withKind("Pod")
              .withName(e.name())
              .endTargetRef()
              .build());
    }
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .withName("web-1")
        .edit(
            s -> {
              s.setEndpoints(endpoints);
              return s;
            });
  }

  @Test
  void endpointsRewrittenEvery200msForThirtySecondsFailNoRequestAndGetNoneAfterTheirRemoval()
      throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: breakwater}
            spec: {controller: breakwater.io/ingress-controller}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: default}
            spec:
              ingressClassName: breakwater
              rules:
                - host: web.test
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec: {ports: [{port: 80}]}
            """);
    yaml.append(
        """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        ports: [{port: %d}]
        endpoints: []
        """
            .formatted(echoes.get(0).port()));
    for (HasMetadata o : Manifests.parse(yaml.toString())) {
      client.resource(o).create();
    }
    writeSlice(0);

    Applied applied = new Applied();
    loop =
        new SyncLoop(
            new KubernetesSource(client, Set.of(), EndpointsMode.ENDPOINT_SLICES),
            new RuntimeApiTarget(RuntimeClient.unix(dir.resolve("runtime.sock"))),
            TranslateOptions.DEFAULT,
            applied,
            SyncLoop.Settings.DEFAULT);
    loop.start();
    Await.until(() -> applied.current.equals(Set.of("e0", "e1")), Duration.ofSeconds(30));

    // Keep-alive clients, each on its own thread, until told to stop.
    AtomicBoolean running = new AtomicBoolean(true);
    Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    load = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      load.execute(() -> requests(running, answers, failures));
    }

    // The churn: rewrite k every 200 ms, 150 times, then stop.
    int rewrites = (int) (CHURN.toMillis() / PERIOD.toMillis());
    AtomicInteger k = new AtomicInteger();
    CountDownLatch churned = new CountDownLatch(1);
    List<Throwable> writeErrors = new CopyOnWriteArrayList<>();
    churn = Executors.newSingleThreadScheduledExecutor();
    ScheduledFuture<?> rewriting =
        churn.scheduleAtFixedRate(
            () -> {
              int next = k.incrementAndGet();
              if (next > rewrites) {
                churned.countDown();
                return;
              }
              try {
                writeSlice(next);
              } catch (RuntimeException e) {
                writeErrors.add(e);
              }
            },
            0,
            PERIOD.toMillis(),
            TimeUnit.MILLISECONDS);
    assertThat(churned.await(CHURN.toSeconds() + 60, TimeUnit.SECONDS)).isTrue();
    rewriting.cancel(false);

    // The last rewrite is applied, and traffic goes on to the last set.
    Set<String> last = new TreeSet<>();
    for (int i = 0; i < ACTIVE; i++) {
      last.add(echoes.get((rewrites + i) % POOL).name());
    }
    Await.until(() -> last.equals(servers(dataplane)), Duration.ofSeconds(30));
    int before = answers.size();
    Await.until(() -> answers.size() >= before + 20, Duration.ofSeconds(30));
    running.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    long end = System.nanoTime();

    assertThat(writeErrors).isEmpty();
    assertThat(failures).isEmpty();
    assertThat(applied.outcomes).contains(Outcome.SERVERS).doesNotContain(Outcome.FAILED);
    // Endpoints really came and went under load: every backend of the pool served requests.
    assertThat(answers.stream().map(Answer::server).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(
            echoes.stream().map(EchoServer::name).collect(Collectors.toSet()));
    List<Out> intervals = applied.intervals(end);
    assertThat(intervals).hasSizeGreaterThan(rewrites / 4);
    List<String> late = new ArrayList<>();
    for (Answer a : answers) {
      for (Out o : intervals) {
        if (o.server().equals(a.server()) && a.sentAt() > o.from() && a.doneAt() < o.to()) {
          late.add(
              a.server()
                  + " answered a request sent "
                  + (a.sentAt() - o.from()) / 1_000_000
                  + " ms after its removal was applied");
        }
      }
    }
    assertThat(late).as("requests that reached an endpoint after its removal").isEmpty();
    assertThat(answers).hasSizeGreaterThan(rewrites);
  }

  private static Set<String> servers(Dataplane d) {
    Backend b = d.config().backend(BACKEND);
    return b == null
        ? Set.of()
        : b.servers().stream().map(Server::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private void requests(AtomicBoolean running, Queue<Answer> answers, List<String> failures) {
    RawHttp conn = null;
    try {
      while (running.get()) {
        try {
          if (conn == null) {
            conn = new RawHttp(port, 5_000);
          }
          long sentAt = System.nanoTime();
          RawHttp.Response r = conn.get("/", "web.test");
          long doneAt = System.nanoTime();
          if (r.status() != 200) {
            failures.add("status " + r.status() + " from " + r.header("x-echo-server"));
          } else {
            answers.add(new Answer(r.header("x-echo-server"), sentAt, doneAt));
          }
          if ("close".equalsIgnoreCase(r.header("connection"))) {
            conn.close();
            conn = null;
          }
        } catch (IOException e) {
          failures.add(e.toString());
          conn = null;
        }
      }
    } finally {
      if (conn != null) {
        try {
          conn.close();
        } catch (IOException ignored) {
          // done
        }
      }
    }
  }
}
