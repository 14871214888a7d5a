package io.breakwater.controller.sync;

import static io.breakwater.controller.sync.Apps.app;
import static io.breakwater.controller.testing.TestManifests.INGRESS_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.source.ManifestsSource;
import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.controller.testing.BootstrapDataplane;
import io.breakwater.controller.testing.TestManifests;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop against a real dataplane: a manifests directory in, the Runtime API on a Unix
 * socket, echo backends behind; traffic follows the files.
 */
@Timeout(120)
class SyncLoopIT {
  @TempDir Path dir;
  private Path manifests;
  private final List<EchoServer> echoes = new ArrayList<>();
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private BootstrapDataplane bootstrap;
  private SyncLoop loop;
  private int port;

  @BeforeEach
  void start() throws IOException {
    for (int i = 0; i < 3; i++) {
      echoes.add(EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e" + i));
    }
    manifests = Files.createDirectory(dir.resolve("manifests"));
    bootstrap = BootstrapDataplane.plain(dir);
    port = bootstrap.httpPort();
    loop =
        new SyncLoop(
            new ManifestsSource(manifests, Duration.ofSeconds(1), Duration.ofMillis(20)),
            new RuntimeApiTarget(RuntimeClient.unix(bootstrap.socket())),
            TranslateOptions.DEFAULT,
            (s, t, o, d, age, e) -> outcomes.add(o),
            SyncLoop.Settings.DEFAULT.withPacing(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (bootstrap != null) {
      bootstrap.close();
    }
    echoes.forEach(EchoServer::close);
  }

  private void write(String name, String text) throws IOException {
    TestManifests.replace(manifests, name, text);
  }

  private int[] ports(int... indexes) {
    int[] p = new int[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      p[i] = echoes.get(indexes[i]).port();
    }
    return p;
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

  @Test
  void trafficFollowsEndpointsScaledFromTwoToThreeToOneWithoutAFailedRequest() throws Exception {
    write("web.yaml", INGRESS_CLASS + app("web", "web.test", "127.0.0.1", ports(0, 1)));
    loop.start();
    Await.until(() -> get("web.test").startsWith("200 "), Duration.ofSeconds(20));

    // Load on keep-alive connections while the endpoints change.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    AtomicReference<Long> tick = new AtomicReference<>(0L);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      Thread t =
          new Thread(
              () -> {
                RawHttp conn = null;
                while (running.get()) {
                  try {
                    if (conn == null) {
                      conn = new RawHttp(port, 5_000);
                    }
                    long sentAt = tick.get(); // requests in flight at a swap finish on the old set
                    RawHttp.Response r = conn.get("/", "web.test");
                    if (r.status() != 200) {
                      failures.add("status " + r.status());
                    } else {
                      ok.incrementAndGet();
                      lastSeen.merge(r.header("x-echo-server"), sentAt, Math::max);
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
                if (conn != null) {
                  try {
                    conn.close();
                  } catch (Exception ignored) {
                    // done
                  }
                }
              },
              "load-" + c);
      t.start();
      clients.add(t);
    }
    try {
      Await.until(() -> lastSeen.keySet().containsAll(Set.of("e0", "e1")));

      write("web.yaml", INGRESS_CLASS + app("web", "web.test", "127.0.0.1", ports(0, 1, 2)));
      Await.until(() -> lastSeen.containsKey("e2"));

      write("web.yaml", INGRESS_CLASS + app("web", "web.test", "127.0.0.1", ports(1)));
      Await.until(
          () -> {
            var b = bootstrap.dataplane().config().backend("default/web/80");
            return b != null && b.servers().size() == 1;
          });
      // No request sent after the dataplane runs one server goes to the others.
      tick.set(1L);
      int before = ok.get();
      Await.until(() -> ok.get() >= before + 50);
      assertThat(lastSeen.get("e1")).isEqualTo(1L);
      assertThat(lastSeen.get("e0")).isZero();
      assertThat(lastSeen.get("e2")).isZero();
    } finally {
      running.set(false);
      for (Thread t : clients) {
        t.join(10_000);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(ok.get()).isPositive();
    assertThat(outcomes).contains(Outcome.FULL, Outcome.SERVERS).doesNotContain(Outcome.FAILED);
  }

  @Test
  void aBadFileAndABadIngressDoNotStopTheOthers() throws Exception {
    write("web.yaml", INGRESS_CLASS + app("web", "web.test", "127.0.0.1", ports(0)));
    write("broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: [oops\n");
    write(
        "bad-ingress.yaml",
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: bad, namespace: default}
        spec:
          ingressClassName: breakwater
          rules:
            - host: bad.test
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
        """);
    loop.start();
    Await.until(() -> get("web.test").equals("200 e0"), Duration.ofSeconds(20));

    assertThat(get("bad.test")).startsWith("503 "); // routed, but its Service has no endpoints

    // The broken file, once fixed, applies too.
    write("broken.yaml", app("api", "api.test", "127.0.0.1", ports(1)));
    Await.until(() -> get("api.test").equals("200 e1"), Duration.ofSeconds(20));
    assertThat(get("web.test")).isEqualTo("200 e0");
  }

  @Test
  void aRestartedDataplaneGetsTheRoutesBackAtTheNextResync() throws Exception {
    loop.close();
    loop =
        new SyncLoop(
            new ManifestsSource(manifests, Duration.ofSeconds(1), Duration.ofMillis(20)),
            new RuntimeApiTarget(RuntimeClient.unix(bootstrap.socket())),
            TranslateOptions.DEFAULT,
            (s, t, o, d, age, e) -> outcomes.add(o),
            SyncLoop.Settings.DEFAULT
                .withPacing(Duration.ofMillis(20), Duration.ofMillis(200))
                .withSyncPeriod(Duration.ofMillis(200)));
    write("web.yaml", INGRESS_CLASS + app("web", "web.test", "127.0.0.1", ports(0)));
    loop.start();
    Await.until(() -> get("web.test").equals("200 e0"), Duration.ofSeconds(20));

    bootstrap.restart();
    Await.until(() -> get("web.test").equals("200 e0"), Duration.ofSeconds(20));
  }
}
