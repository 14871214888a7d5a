package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as users run it: exit statuses, output, and a clean stop on SIGTERM. */
class CliIT {
  private static final Path JAR = Path.of("target", "breakwater.jar");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }

  /** A started process whose merged output is collected line by line. */
  private record Running(Process process, BlockingQueue<String> lines, Thread reader) {
    String awaitLine(String containing) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      StringBuilder seen = new StringBuilder();
      while (System.nanoTime() < deadline) {
        String l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (l == null) {
          break;
        }
        seen.append(l).append('\n');
        if (l.contains(containing)) {
          return l;
        }
      }
      throw new AssertionError("no line containing \"" + containing + "\" in:\n" + seen);
    }

    String rest() {
      List<String> out = new ArrayList<>();
      lines.drainTo(out);
      return String.join("\n", out);
    }
  }

  private Running start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  lines.add(l);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Running(p, lines, reader);
  }

  private static int exitOf(Running r) throws InterruptedException {
    assertThat(r.process().waitFor(30, TimeUnit.SECONDS)).as("process ended").isTrue();
    r.reader().join(10_000); // every line of output read
    return r.process().exitValue();
  }

  @Test
  void checkAcceptsAValidConfig() throws Exception {
    Path cfg = Files.writeString(dir.resolve("ok.yaml"), "frontends: []\n");
    Running r = start("check", "--config", cfg.toString());
    assertThat(exitOf(r)).isZero();
    assertThat(r.rest()).contains("valid");
  }

  @Test
  void checkPrintsEveryErrorWithItsPathAndExits1() throws Exception {
    Path cfg =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            frontends:
              - {name: web, listen: 127.0.0.1:8080, defaultBackend: missing}
            backends:
              - name: b
                servers:
                  - {name: s1, address: "10.0.0:80"}
                  - {name: s2, address: 10.0.0.2:80, weight: 300}
                bogus: 1
            """);
    Running r = start("check", "--config", cfg.toString());
    assertThat(exitOf(r)).isEqualTo(1);
    assertThat(r.rest())
        .contains("frontends[0].defaultBackend")
        .contains("backends[0].servers[0].address: \"10.0.0:80\" is not host:port")
        .contains("backends[0].servers[1].weight: 300")
        .contains("backends[0].bogus");
  }

  @Test
  void dataplaneRefusesToStartOnAnInvalidConfig() throws Exception {
    Path cfg = Files.writeString(dir.resolve("bad.yaml"), "global: {maxconn: -1}\n");
    Running r = start("dataplane", "--config", cfg.toString());
    assertThat(exitOf(r)).isEqualTo(1);
    assertThat(r.rest()).contains("global.maxconn").doesNotContain("listening");
  }

  @Test
  void dataplaneProxiesAndExitsZeroOnSigterm() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e1")) {
      int port = Ports.free();
      Path cfg =
          Files.writeString(
              dir.resolve("dp.yaml"),
              "global: {workers: 1, shutdownGrace: 5s}\n"
                  + "frontends:\n"
                  + "  - {name: web, listen: 127.0.0.1:"
                  + port
                  + ", defaultBackend: b}\n"
                  + "backends:\n"
                  + "  - name: b\n"
                  + "    servers: [{name: e1, address: 127.0.0.1:"
                  + echo.port()
                  + "}]\n");
      Running r = start("dataplane", "--config", cfg.toString());
      r.awaitLine("frontend web listening on 127.0.0.1:" + port);
      try (RawHttp c = new RawHttp(port)) {
        RawHttp.Response res = c.get("/hi", "x.test");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("x-echo-server")).isEqualTo("e1");
      }
      r.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our pipes
      assertThat(exitOf(r)).isZero();
      assertThat(r.rest()).contains("SIGTERM").contains("stopped");
    }
  }

  @Test
  void ctlOperatesARunningDataplaneThroughItsRuntimeSocket() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e1")) {
      int port = Ports.free();
      Path socket = dir.resolve("runtime.sock");
      Path cfg =
          Files.writeString(
              dir.resolve("dp.yaml"),
              "global:\n"
                  + "  workers: 1\n"
                  + "  runtimeApi: [{unix: "
                  + socket
                  + ", level: admin}]\n"
                  + "frontends:\n"
                  + "  - {name: web, listen: 127.0.0.1:"
                  + port
                  + ", defaultBackend: b}\n"
                  + "backends:\n"
                  + "  - name: b\n"
                  + "    servers: [{name: e1, address: 127.0.0.1:"
                  + echo.port()
                  + "}]\n");
      Running dp = start("dataplane", "--config", cfg.toString());
      dp.awaitLine("listening");
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      int code =
          Main.run(
              new java.io.PrintWriter(out, true),
              new java.io.PrintWriter(err, true),
              "ctl",
              "--socket",
              socket.toString(),
              "show",
              "stat");
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).startsWith("# pxname,svname,").contains("b,e1,");
      out.getBuffer().setLength(0);
      code =
          Main.run(
              new java.io.PrintWriter(out, true),
              new java.io.PrintWriter(err, true),
              "ctl",
              "--socket",
              socket.toString(),
              "set",
              "server",
              "b/e1",
              "state",
              "maint");
      assertThat(code).isZero();
      try (RawHttp c = new RawHttp(port)) {
        assertThat(c.get("/", "x").status()).isEqualTo(503);
      }
      dp.process().toHandle().destroy();
      assertThat(exitOf(dp)).isZero();
      assertThat(Files.exists(socket)).as("socket removed on exit").isFalse();
    }
  }

  @Test
  void echoAnswersAndStopsOnSigterm() throws Exception {
    int port = Ports.free();
    Running r = start("echo", "--listen", "127.0.0.1:" + port, "--name", "demo");
    r.awaitLine("listening");
    try (RawHttp c = new RawHttp(port)) {
      assertThat(c.get("/", "x").header("x-echo-server")).isEqualTo("demo");
    }
    r.process().toHandle().destroy();
    assertThat(exitOf(r)).isZero();
  }

  @Test
  void echoRejectsABadListenAddress() throws Exception {
    Running r = start("echo", "--listen", "nowhere", "--name", "x");
    assertThat(exitOf(r)).isEqualTo(2);
    assertThat(r.rest()).contains("--listen").contains("not host:port");
  }

  @Test
  void ctlNamesTheSocketItCannotReachAndExits2() throws Exception {
    Path missing = dir.resolve("runtime.sock");
    Running r = start("ctl", "--socket", missing.toString(), "show", "info");
    assertThat(exitOf(r)).isEqualTo(2);
    assertThat(r.rest()).contains("cannot connect to unix socket " + missing);
  }

  @Test
  void controllerDrivesADataplaneFromAManifestsDirectoryAndStopsOnSigterm() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e1")) {
      int port = Ports.free();
      Path socket = dir.resolve("runtime.sock");
      Path cfg =
          Files.writeString(
              dir.resolve("bootstrap.yaml"),
              "global:\n"
                  + "  workers: 1\n"
                  + "  runtimeApi: [{unix: "
                  + socket
                  + ", level: admin}]\n"
                  + "frontends:\n"
                  + "  - {name: web, listen: 127.0.0.1:"
                  + port
                  + "}\n");
      Path manifests = Files.createDirectory(dir.resolve("manifests"));
      Files.writeString(
          manifests.resolve("app.yaml"),
          """
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata: {name: app, namespace: demo}
          spec:
            rules:
              - host: app.test
                http:
                  paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: app, namespace: demo}
          spec: {ports: [{port: 80}]}
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata: {name: app-1, namespace: demo, labels: {kubernetes.io/service-name: app}}
          addressType: IPv4
          ports: [{port: %d}]
          endpoints: [{addresses: [127.0.0.1], targetRef: {kind: Pod, name: app-1}}]
          """
              .formatted(echo.port()));
      Running dp = start("dataplane", "--config", cfg.toString());
      dp.awaitLine("listening");
      int metricsPort = Ports.free();
      Running ctl =
          start(
              "controller",
              "--manifests",
              manifests.toString(),
              "--runtime-api",
              socket.toString(),
              "--watch-ingress-without-class",
              "--metrics-listen",
              "127.0.0.1:" + metricsPort);
      ctl.awaitLine("sync: full config");
      try (RawHttp c = new RawHttp(port)) {
        RawHttp.Response res = c.get("/", "app.test");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("x-echo-server")).isEqualTo("e1");
      }
      // The controller's own endpoint: ready once the sync loop has told its listeners (just
      // after the log line above), and the metrics count that sync.
      Await.until(
          () -> {
            try (RawHttp c = new RawHttp(metricsPort)) {
              return c.get("/readyz", "controller").status() == 200;
            } catch (IOException e) {
              return false;
            }
          });
      try (RawHttp c = new RawHttp(metricsPort)) {
        RawHttp.Response metrics = c.get("/metrics", "controller");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text())
            .containsPattern(
                "breakwater_controller_applies_total\\{kind=\"full\",result=\"ok\"\\} [1-9]");
      }
      ctl.process().toHandle().destroy();
      assertThat(exitOf(ctl)).isZero();
      dp.process().toHandle().destroy();
      assertThat(exitOf(dp)).isZero();
    }
  }

  @Test
  void translatePrintsTheTranslationAndWithStrictExits1OnProblems() throws Exception {
    Path manifests = Files.createDirectory(dir.resolve("manifests"));
    Files.writeString(
        manifests.resolve("app.yaml"),
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: app, namespace: demo}
        spec:
          defaultBackend: {service: {name: missing, port: {number: 80}}}
        """);
    Files.writeString(manifests.resolve("broken.yaml"), "kind: [\n");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    String[] args = {
      "translate", "--manifests", manifests.toString(), "--watch-ingress-without-class"
    };
    int code =
        Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("defaultBackend: demo/missing/80")
        .contains("Error Ingress demo/app");
    assertThat(err.toString()).contains(manifests.resolve("broken.yaml").toString());

    String[] strict = {
      "translate", "--manifests", manifests.toString(), "--watch-ingress-without-class", "--strict"
    };
    code = Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), strict);
    assertThat(code).isEqualTo(1);
  }

  @Test
  void versionPrintsBuildInformation() throws Exception {
    Running r = start("version");
    assertThat(exitOf(r)).isZero();
    assertThat(r.rest()).contains("breakwater 0.1.0-SNAPSHOT").contains("netty 4.2.18.Final");
  }
}
