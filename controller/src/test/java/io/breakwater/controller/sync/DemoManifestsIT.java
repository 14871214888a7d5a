package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.RepositoryFiles;
import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.Manifests;
import io.breakwater.controller.source.ManifestsSource;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import io.breakwater.controller.translate.Translator;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.SplitBackend;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.RawHttp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code make run} starts, in process: the echo servers, the dataplane on {@code
 * deploy/examples/bootstrap.yaml} and the sync loop on {@code deploy/examples/manifests/}. Only the
 * fixed loopback ports of the files are moved to free ones (and the Runtime API to a Unix socket),
 * so the shipped files themselves are what is proven: every route serves, and the canary Ingress
 * takes its share of {@code echo.local}.
 */
@Timeout(120)
class DemoManifestsIT {

  private static final Path MANIFESTS = RepositoryFiles.resolve("deploy/examples/manifests");
  private static final Path BOOTSTRAP = RepositoryFiles.resolve("deploy/examples/bootstrap.yaml");
  private static final List<String> ECHOES = List.of("echo-a", "echo-b", "echo-canary");
  private static final int CANARY_PERCENT = 20;
  private static final int REQUESTS = 1000;

  @TempDir Path dir;
  private final List<EchoServer> echoes = new ArrayList<>();
  private Dataplane dataplane;
  private SyncLoop loop;
  private int port;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (dataplane != null) {
      dataplane.close();
    }
    echoes.forEach(EchoServer::close);
  }

  @Test
  void theShippedManifestsTranslateWithoutProblems() throws IOException {
    Translation t = Translator.translate(ClusterSnapshot.of(objects(MANIFESTS)), options());
    assertThat(t.problems()).isEmpty();
    assertThat(t.backends())
        .extracting(b -> b.name())
        .containsExactlyInAnyOrder("demo/api/80", "demo/echo/80", "demo/echo-canary/80");
    assertThat(echoLocalRoot(t.routes()).split())
        .containsExactly(
            new SplitBackend(
                "demo/echo-canary/80",
                CANARY_PERCENT,
                new SplitBackend.Match("X-Canary", "always"),
                null));
  }

  @Test
  void theDemoServesEveryRouteAndTheCanaryTakesItsShare() throws Exception {
    Map<Integer, Integer> portOf = new TreeMap<>();
    for (int i = 0; i < ECHOES.size(); i++) {
      EchoServer e = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), ECHOES.get(i));
      echoes.add(e);
      portOf.put(9001 + i, e.port());
    }
    Path manifests = Files.createDirectory(dir.resolve("manifests"));
    try (Stream<Path> files = Files.list(MANIFESTS)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(f);
        for (Map.Entry<Integer, Integer> p : portOf.entrySet()) {
          text = text.replace("port: " + p.getKey() + "}", "port: " + p.getValue() + "}");
        }
        Files.writeString(manifests.resolve(f.getFileName()), text);
      }
    }
    startDataplane();
    loop =
        new SyncLoop(
            new ManifestsSource(manifests, Duration.ofSeconds(1), Duration.ofMillis(20)),
            new RuntimeApiTarget(RuntimeClient.unix(dir.resolve("runtime.sock"))),
            options(),
            (s, t, o, d, age, e) -> {},
            SyncLoop.Settings.DEFAULT.withPacing(Duration.ofMillis(20), Duration.ofMillis(200)));
    loop.start();

    Await.until(() -> "echo-canary".equals(get("/", "echo.local", true)), Duration.ofSeconds(30));
    Route root = echoLocalRoot(dataplane.config().frontends().get(0).routes());
    assertThat(root.split()).extracting(SplitBackend::weight).containsExactly(CANARY_PERCENT);
    assertThat(get("/api/users", "anything.test", false)).isIn("echo-a", "echo-b");
    assertThat(get("/", "nowhere.test", false)).isIn("echo-a", "echo-b");

    // The split draws at random: 1000 requests at 20% give 200 ± 12.6 (one standard deviation),
    // so 130..270 fails about once in 10^7 runs while any other weight, or none, fails it.
    Map<String, Integer> counts = new TreeMap<>();
    try (RawHttp c = new RawHttp(port, 5_000)) {
      for (int i = 0; i < REQUESTS; i++) {
        RawHttp.Response r = c.get("/", "echo.local");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isNotEqualToIgnoringCase("close");
        counts.merge(r.header("x-echo-server"), 1, Integer::sum);
      }
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ECHOES);
    assertThat(counts.get("echo-canary")).isBetween(130, 270);
  }

  private void startDataplane() throws IOException {
    port = Ports.free();
    String bootstrap = Files.readString(BOOTSTRAP);
    Map<String, String> moved =
        Map.of(
            "- {tcp: 127.0.0.1:9999, level: admin}",
            "- {unix: " + dir.resolve("runtime.sock") + ", level: admin}",
            "listen: 127.0.0.1:8404",
            "listen: 127.0.0.1:" + Ports.free(),
            "dataplaneApi: {listen: 127.0.0.1:5555}",
            "dataplaneApi: {listen: 127.0.0.1:" + Ports.free() + "}",
            "accessLog: {target: stdout, format: haproxy}",
            "",
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:" + port);
    for (Map.Entry<String, String> m : moved.entrySet()) {
      assertThat(bootstrap).as("bootstrap.yaml").contains(m.getKey());
      bootstrap = bootstrap.replace(m.getKey(), m.getValue());
    }
    dataplane = Dataplane.start(ConfigLoader.parse(bootstrap, BOOTSTRAP.toString()));
  }

  /** The name of the echo server that answered one request on a new connection, or null. */
  private String get(String path, String host, boolean canaryHeader) {
    try (RawHttp c = new RawHttp(port, 5_000)) {
      c.send(
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + (canaryHeader ? "X-Canary: always\r\n" : "")
              + "Connection: close\r\n\r\n");
      RawHttp.Response r = c.read();
      return r.status() == 200 ? r.header("x-echo-server") : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Route echoLocalRoot(List<Route> routes) {
    return routes.stream()
        .filter(r -> "echo.local".equals(r.host()) && r.path().equals("/"))
        .findFirst()
        .orElseThrow();
  }

  private static TranslateOptions options() {
    return TranslateOptions.DEFAULT;
  }

  private static List<HasMetadata> objects(Path directory) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        out.addAll(Manifests.parse(Files.readString(f)));
      }
    }
    return out;
  }
}
