package io.breakwater.controller.testing;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An in-process dataplane as the controller's sync tests start it, before the controller has
 * configured anything: one worker, the Runtime API at admin level on {@code runtime.sock} in a
 * directory, a plain frontend {@code http} and, with TLS, a frontend {@code https} serving {@link
 * #CERTIFICATE} on free loopback ports. Used from the test thread only.
 */
public final class BootstrapDataplane implements AutoCloseable {
  /** The {@code https} frontend's own certificate, served to names no Secret covers. */
  public static final Issued CERTIFICATE = TestCertificates.rsa("bootstrap.example.net");

  private final Config config;
  private final Path socket;
  private final int httpPort;
  private final int httpsPort;
  private Dataplane dataplane;

  private BootstrapDataplane(Config config, Path socket, int httpPort, int httpsPort) {
    this.config = config;
    this.dataplane = Dataplane.start(config);
    this.socket = socket;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /** The frontend {@code http} only. */
  public static BootstrapDataplane plain(Path dir) throws IOException {
    return start(dir, false);
  }

  /** The frontends {@code http} and {@code https}. */
  public static BootstrapDataplane tls(Path dir) throws IOException {
    return start(dir, true);
  }

  private static BootstrapDataplane start(Path dir, boolean tls) throws IOException {
    Path socket = dir.resolve("runtime.sock");
    int httpPort = Ports.free();
    int httpsPort = tls ? Ports.free() : -1;
    StringBuilder yaml =
        new StringBuilder(
            """
            global:
              workers: 1
              runtimeApi: [{unix: %s, level: admin}]
            frontends:
              - {name: http, listen: 127.0.0.1:%d}
            """
                .formatted(socket, httpPort));
    if (tls) {
      yaml.append(
          """
            - name: https
              listen: 127.0.0.1:%d
              tls:
                certificates: [{cert: %s, key: %s}]
          """
              .formatted(httpsPort, json(CERTIFICATE.certPem()), json(CERTIFICATE.pkcs8Pem())));
    }
    Config config = ConfigLoader.parse(yaml.toString(), "bootstrap.yaml");
    return new BootstrapDataplane(config, socket, httpPort, httpsPort);
  }

  /** A PEM block as a one-line JSON string, which YAML reads as the same text. */
  private static String json(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }

  public Dataplane dataplane() {
    return dataplane;
  }

  /** The Runtime API's Unix socket. */
  public Path socket() {
    return socket;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The {@code https} frontend's port; only with {@link #tls}. */
  public int httpsPort() {
    if (httpsPort < 0) {
      throw new IllegalStateException("a plain bootstrap has no https frontend");
    }
    return httpsPort;
  }

  /**
   * Stops the dataplane and starts a new one with the bootstrap config on the same socket and
   * ports: what the controller sees when the dataplane container restarts.
   */
  public void restart() {
    dataplane.close();
    dataplane = Dataplane.start(config);
  }

  @Override
  public void close() {
    dataplane.close();
  }
}
