package io.breakwater.controller.e2e;

import io.breakwater.dataplane.testing.Ports;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * etcd and kube-apiserver as child processes of the test JVM, on free loopback ports, with state in
 * a temporary directory that {@link #close()} removes. Users are static bearer tokens: an
 * administrator in {@code system:masters} and the controller's ServiceAccount identity; every
 * request is authorized by RBAC. A JVM shutdown hook kills both processes if the test run ends
 * without closing this.
 */
final class LocalKubeApiServer implements KubeApi, AutoCloseable {

  static final Duration ETCD_READY = Duration.ofSeconds(60);
  static final Duration API_SERVER_READY = Duration.ofSeconds(180);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path dir;
  private final List<ChildProcess> processes = new ArrayList<>();
  private List<String> apiServerCommand;
  private Path logs;
  private int apiServerStarts;
  private ChildProcess.Probe apiServerReady;
  private final Thread shutdownHook = new Thread(this::killNow, "kube-api-server-shutdown");
  private String description = "kube-apiserver (starting)";
  private KubernetesClient admin;
  private KubernetesClient controller;

  private LocalKubeApiServer(Path dir) {
    this.dir = dir;
  }

  /** Starts etcd, then the API server, and returns once {@code /readyz} says ok. */
  static LocalKubeApiServer start(KubeBins bins) throws IOException {
    LocalKubeApiServer server =
        new LocalKubeApiServer(Files.createTempDirectory("breakwater-kube-api-"));
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.run(bins);
      return server;
    } catch (IOException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private void run(KubeBins bins) throws IOException {
    long started = System.nanoTime();
    Pki pki;
    SecureRandom random = new SecureRandom();
    try {
      pki = Pki.create(dir);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the API server's certificates", e);
    }
    String adminToken = token(random);
    String controllerToken = token(random);
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(
        tokens,
        adminToken
            + ",breakwater-e2e-admin,breakwater-e2e-admin,\"system:masters\"\n"
            + controllerToken
            + ","
            + CONTROLLER_USER
            + ","
            + CONTROLLER_USER
            + ",\"system:serviceaccounts,system:serviceaccounts:"
            + CONTROLLER_NAMESPACE
            + "\"\n",
        StandardCharsets.US_ASCII);

    logs = logDirectory();
    int etcdClientPort = Ports.free();
    int etcdPeerPort = Ports.free();
    int apiPort = Ports.free();
    String etcdUrl = "http://127.0.0.1:" + etcdClientPort;
    String peerUrl = "http://127.0.0.1:" + etcdPeerPort;

    ChildProcess etcd =
        spawn(
            "etcd",
            List.of(
                bins.etcd().toString(),
                "--name=e2e",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=e2e=" + peerUrl,
                // Throwaway data: durability only costs time here.
                "--unsafe-no-fsync",
                "--log-level=warn"),
            logs.resolve("etcd.log"));
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .sslContext(sslContext(pki))
            .build();
    etcd.awaitReady(
        "etcd health",
        ETCD_READY,
        POLL,
        () -> {
          HttpResponse<String> r = get(http, etcdUrl + "/health", null);
          return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
        });

    String apiUrl = "https://127.0.0.1:" + apiPort;
    apiServerCommand =
        List.of(
            bins.apiServer().toString(),
            "--etcd-servers=" + etcdUrl,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + apiPort,
            "--tls-cert-file=" + pki.servingCertFile(),
            "--tls-private-key-file=" + pki.servingKeyFile(),
            "--cert-dir=" + dir.resolve("apiserver-certs"),
            "--token-auth-file=" + tokens,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--service-account-key-file=" + pki.serviceAccountPublicKeyFile(),
            "--service-account-signing-key-file=" + pki.serviceAccountKeyFile(),
            "--service-cluster-ip-range=10.0.0.0/24",
            // No controller manager runs to create ServiceAccounts and their tokens.
            "--disable-admission-plugins=ServiceAccount",
            "--allow-privileged=true",
            // The `kubernetes` Service's endpoints would be 127.0.0.1, which Endpoints
            // validation refuses; nothing here needs them.
            "--endpoint-reconciler-type=none",
            "--profiling=false");
    apiServerReady = () -> get(http, apiUrl + "/readyz", adminToken).statusCode() == 200;
    startApiServer();

    admin = client(apiUrl, pki, adminToken);
    controller = client(apiUrl, pki, controllerToken);
    description =
        "kube-apiserver "
            + admin.getKubernetesVersion().getGitVersion()
            + " from "
            + bins.dir()
            + " on 127.0.0.1:"
            + apiPort
            + ", ready in "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms (logs in "
            + logs
            + ")";
  }

  /** Stops kube-apiserver alone (SIGTERM, bounded); etcd and its data stay. */
  @Override
  public synchronized void stopApiServer() {
    ChildProcess apiServer = processes.get(processes.size() - 1);
    if (!apiServer.name().equals("kube-apiserver")) {
      throw new IllegalStateException("kube-apiserver is not running");
    }
    if (!apiServer.stop(STOP_GRACE)) {
      throw new IllegalStateException("did not stop: " + apiServer.state());
    }
    processes.remove(processes.size() - 1);
  }

  /** Starts kube-apiserver with the same flags and port, and returns once it is ready. */
  @Override
  public synchronized void startApiServer() throws IOException {
    if (processes.get(processes.size() - 1).name().equals("kube-apiserver")) {
      throw new IllegalStateException("kube-apiserver is running");
    }
    apiServerStarts++;
    ChildProcess apiServer =
        spawn(
            "kube-apiserver",
            apiServerCommand,
            logs.resolve(
                apiServerStarts == 1
                    ? "kube-apiserver.log"
                    : "kube-apiserver-" + apiServerStarts + ".log"));
    apiServer.awaitReady("/readyz", API_SERVER_READY, POLL, apiServerReady);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public KubernetesClient admin() {
    return admin;
  }

  @Override
  public KubernetesClient controller() {
    return controller;
  }

  /** Closes the clients, stops the API server and then etcd, and removes the data directory. */
  @Override
  public synchronized void close() {
    if (controller != null) {
      controller.close();
    }
    if (admin != null) {
      admin.close();
    }
    List<String> leftovers = new ArrayList<>();
    // The API server first: it would only log etcd's absence.
    for (int i = processes.size() - 1; i >= 0; i--) {
      ChildProcess p = processes.get(i);
      if (!p.stop(STOP_GRACE)) {
        leftovers.add(p.state());
      }
    }
    processes.clear();
    deleteTree(dir);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway and finds nothing left to do.
    }
    if (!leftovers.isEmpty()) {
      throw new IllegalStateException("did not stop: " + leftovers);
    }
  }

  private void killNow() {
    processes.forEach(ChildProcess::kill);
    try {
      deleteTree(dir);
    } catch (UncheckedIOException e) {
      // Being killed may leave etcd's files busy; the OS's temp cleaning takes them.
    }
  }

  private ChildProcess spawn(String name, List<String> command, Path log) throws IOException {
    ChildProcess p = ChildProcess.start(name, command, log);
    processes.add(p);
    return p;
  }

  private static KubernetesClient client(String url, Pki pki, String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withCaCertData(
                Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)))
            .withOauthToken(token)
            .withNamespace("default")
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static javax.net.ssl.SSLContext sslContext(Pki pki) throws IOException {
    try {
      return pki.sslContext();
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String token(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A free loopback port. Another process may take it before the server binds it; the server then
   * exits at once and the start fails with its log, which says so.
   */

  /** target/kube-api-logs/… when run by Maven, so a failed CI run keeps them; else the temp dir. */
  private Path logDirectory() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Path logs =
        Files.isDirectory(target)
            ? target.resolve("kube-api-logs").resolve(dir.getFileName())
            : dir.resolve("logs");
    return Files.createDirectories(logs);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
  }
}
