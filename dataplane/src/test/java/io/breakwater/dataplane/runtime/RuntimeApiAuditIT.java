package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.RuntimeApiListener;
import io.breakwater.dataplane.testing.AuditLogCapture;
import io.breakwater.dataplane.testing.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of the Runtime API over real sockets: one line per state-changing command with its
 * peer, level, outcome and the resulting config version; nothing for read-only commands; documents
 * by their size only.
 */
class RuntimeApiAuditIT {
  @TempDir Path dir;
  private RuntimeFixture f;
  private AuditLogCapture audit;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
    audit = AuditLogCapture.start();
  }

  @AfterEach
  void stop() throws Exception {
    audit.close();
    f.close();
  }

  @Test
  void aChangeOverAUnixSocketIsLoggedWithThePathTheUserAndTheNewVersion() throws Exception {
    assertThat(f.admin("set server app/a weight 50")).isEmpty();

    String user = System.getProperty("user.name");
    assertThat(audit.lines())
        .containsExactly(
            "api=runtime peer=unix:"
                + dir.resolve("admin.sock").toAbsolutePath()
                + " user="
                + user
                + " level=admin cmd=\"set server app/a weight 50\" outcome=ok version="
                + f.dp.version());
  }

  @Test
  void aChangeOverTcpIsLoggedWithTheClientsAddressAndPort() throws Exception {
    try (RuntimeApiServer tcp =
        RuntimeApiServer.start(
            f.dp,
            List.of(RuntimeApiListener.tcp(new HostPort("127.0.0.1", 0), AccessLevel.OPERATOR)))) {
      int clientPort;
      try (CliClient c = CliClient.connect(tcp.localAddresses().get(0))) {
        clientPort = ((InetSocketAddress) c.localAddress()).getPort();
        assertThat(c.send("disable server app/b\n").readToEnd()).isEqualTo("\n");
      }
      assertThat(audit.lines())
          .containsExactly(
              "api=runtime peer=tcp:127.0.0.1:"
                  + clientPort
                  + " level=operator cmd=\"disable server app/b\" outcome=ok version="
                  + f.dp.version());
    }
  }

  @Test
  void aRefusedChangeIsLoggedWithItsError() throws Exception {
    long version = f.dp.version();
    assertThat(f.admin("set server app/nope weight 5")).isEqualTo("No such server.\n");
    assertThat(f.run(AccessLevel.OPERATOR, "add server app/c 127.0.0.1:1"))
        .isEqualTo("Permission denied\n");

    assertThat(audit.lines())
        .hasSize(2)
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .contains(" level=admin cmd=\"set server app/nope weight 5\"")
                    .endsWith(" outcome=error error=\"No such server.\" version=" + version),
            l ->
                assertThat(l)
                    .contains(" level=operator cmd=\"add server app/c 127.0.0.1:1\"")
                    .endsWith(" outcome=error error=\"Permission denied\" version=" + version));
  }

  @Test
  void aConfigIsLoggedByItsSizeNeverItsContent() throws Exception {
    String servers =
        "[{\"name\": \"secret-marker\", \"address\": \"127.0.0.1:" + f.a.port() + "\"}]";
    assertThat(f.admin("set backend app servers " + servers))
        .isEqualTo("New config version " + f.dp.version() + "\n");
    // The running config, read back, its frontend moved to a free port (port 0 is refused).
    String config =
        f.admin("show config").replace("\"127.0.0.1:0\"", "\"127.0.0.1:" + Ports.free() + "\"");
    long v = f.dp.version();
    assertThat(f.admin("set config " + v + " <<\n" + config)).startsWith("New config version ");

    List<String> lines = audit.lines();
    assertThat(lines).hasSize(2).noneMatch(l -> l.contains("secret-marker"));
    assertThat(lines.get(0))
        .contains(" cmd=\"set backend app servers\" body_bytes=" + servers.length() + " ");
    assertThat(lines.get(1))
        .contains(" cmd=\"set config " + v + "\" body_bytes=")
        .endsWith(" outcome=ok version=" + f.dp.version());
  }

  @Test
  void aConfigThatCannotBeBoundIsAnsweredAndLoggedAsAnError() throws Exception {
    long v = f.dp.version();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String config =
          f.admin("show config")
              .replace("\"127.0.0.1:0\"", "\"127.0.0.1:" + taken.getLocalPort() + "\"");
      // Whatever the words, the client gets an answer (the connection is not just closed).
      assertThat(f.admin("set config " + v + " <<\n" + config)).isNotBlank();
    }
    assertThat(audit.lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(" cmd=\"set config " + v + "\" ")
                    .contains(" outcome=error error=")
                    .endsWith(" version=" + v));
  }

  @Test
  void readOnlyAndSessionCommandsAreNotLogged() throws Exception {
    f.admin("show stat");
    f.admin("show servers state");
    f.admin("help");
    f.admin("show config version");
    f.raw(AccessLevel.ADMIN, "set timeout cli 5; operator; show cli level");

    assertThat(audit.lines()).isEmpty();
  }
}
