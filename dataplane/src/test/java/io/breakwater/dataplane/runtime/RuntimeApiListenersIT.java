package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.RuntimeApiListener;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding: socket files, their mode, stale files, TCP, and failures that name the listener. */
class RuntimeApiListenersIT {
  @TempDir Path dir;
  private EchoServer echo;
  private Dataplane dp;

  @BeforeEach
  void start() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    dp = Dataplane.start(TestConfig.create().backend("app", server("a", echo.port())).build());
  }

  @AfterEach
  void stop() {
    dp.close();
    echo.close();
  }

  private static ConfigError failure(Dataplane dp, List<RuntimeApiListener> listeners) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> RuntimeApiServer.start(dp, listeners));
    assertThat(e).isNotNull();
    assertThat(e.errors()).hasSize(1);
    return e.errors().get(0);
  }

  @Test
  void aUnixSocketIsMode0600AndGoneAfterClose() throws Exception {
    Path sock = dir.resolve("admin.sock");
    try (RuntimeApiServer api =
        RuntimeApiServer.start(
            dp, List.of(RuntimeApiListener.unix(sock.toString(), AccessLevel.ADMIN)))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)))
          .isEqualTo("rw-------");
      assertThat(api.localAddresses()).containsExactly(UnixDomainSocketAddress.of(sock));
      assertThat(CliClient.oneShot(api.localAddresses().get(0), "show cli level\n"))
          .isEqualTo("admin\n\n");
      try (var files = Files.list(dir)) {
        assertThat(files).containsExactly(sock); // no temporary name left behind
      }
    }
    assertThat(sock).doesNotExist();
  }

  @Test
  void theModeIsTheListenersAndAStaleSocketFileIsReplaced() throws Exception {
    Path sock = dir.resolve("ops.sock");
    // A socket file nobody listens on any more, as a crashed process leaves it.
    try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      old.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThat(sock).exists();
    RuntimeApiListener l =
        new RuntimeApiListener(sock.toString(), null, AccessLevel.OPERATOR, 0660, null, false);
    try (RuntimeApiServer api = RuntimeApiServer.start(dp, List.of(l))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)))
          .isEqualTo("rw-rw----");
      assertThat(CliClient.oneShot(api.localAddresses().get(0), "show cli level\n"))
          .isEqualTo("operator\n\n");
    }
  }

  @Test
  void aSocketInUseOrAFileThatIsNoSocketIsNotTouched() throws Exception {
    Path sock = dir.resolve("live.sock");
    try (RuntimeApiServer first =
        RuntimeApiServer.start(
            dp, List.of(RuntimeApiListener.unix(sock.toString(), AccessLevel.USER)))) {
      ConfigError e =
          failure(dp, List.of(RuntimeApiListener.unix(sock.toString(), AccessLevel.ADMIN)));
      assertThat(e.path()).isEqualTo("global.runtimeApi[0].unix");
      assertThat(e.message())
          .isEqualTo(
              "cannot bind unix socket " + sock + ": " + sock + " is in use by a running process");
      assertThat(CliClient.oneShot(first.localAddresses().get(0), "show cli level\n"))
          .isEqualTo("user\n\n");
    }
    Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
    ConfigError e =
        failure(dp, List.of(RuntimeApiListener.unix(file.toString(), AccessLevel.ADMIN)));
    assertThat(e.message()).endsWith(file + " exists and is not a socket");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void aBindFailureNamesTheListenerAndLeavesNothingBound() throws Exception {
    Path ok = dir.resolve("ok.sock");
    ConfigError e =
        failure(
            dp,
            List.of(
                RuntimeApiListener.unix(ok.toString(), AccessLevel.ADMIN),
                RuntimeApiListener.unix(
                    dir.resolve("no/such/dir.sock").toString(), AccessLevel.ADMIN)));
    assertThat(e.path()).isEqualTo("global.runtimeApi[1].unix");
    assertThat(e.message())
        .startsWith("cannot bind unix socket " + dir.resolve("no/such/dir.sock"));
    assertThat(ok).doesNotExist();
  }

  @Test
  void tcpListensOnLoopbackOnlyUnlessAllowed() throws Exception {
    try (RuntimeApiServer api =
        RuntimeApiServer.start(
            dp,
            List.of(RuntimeApiListener.tcp(new HostPort("127.0.0.1", 0), AccessLevel.OPERATOR)))) {
      SocketAddress address = api.localAddresses().get(0);
      assertThat(((InetSocketAddress) address).getPort()).isPositive();
      assertThat(CliClient.oneShot(address, "show cli level; show backend\n"))
          .isEqualTo("operator\n\n# name\napp\n\n");
      // TCP clients may send a last line without its newline before closing their side.
      assertThat(CliClient.oneShot(address, "show config version")).isEqualTo("1\n\n");
    }
    ConfigError e =
        failure(dp, List.of(RuntimeApiListener.tcp(new HostPort("0.0.0.0", 0), AccessLevel.ADMIN)));
    assertThat(e.path()).isEqualTo("global.runtimeApi[0].tcp");
    assertThat(e.message())
        .isEqualTo(
            "0.0.0.0:0 is not a loopback address; set allowRemote to listen on it (anyone who can"
                + " connect may run commands at level admin)");
    RuntimeApiListener remote =
        new RuntimeApiListener(
            null, new HostPort("0.0.0.0", 0), AccessLevel.USER, 0600, null, true);
    try (RuntimeApiServer api = RuntimeApiServer.start(dp, List.of(remote))) {
      int port = ((InetSocketAddress) api.localAddresses().get(0)).getPort();
      assertThat(CliClient.oneShot(new InetSocketAddress("127.0.0.1", port), "show cli level\n"))
          .isEqualTo("user\n\n");
    }
  }

  @Test
  void aListenerIsUnixOrTcpNeverBoth() {
    RuntimeApiListener both =
        new RuntimeApiListener(
            dir.resolve("x.sock").toString(),
            new HostPort("127.0.0.1", 0),
            AccessLevel.USER,
            0600,
            null,
            false);
    assertThat(failure(dp, List.of(both)))
        .isEqualTo(new ConfigError("global.runtimeApi[0]", "needs exactly one of unix and tcp"));
  }

  @Test
  void noListenersIsNothingToDo() {
    try (RuntimeApiServer api = RuntimeApiServer.start(dp, List.of())) {
      assertThat(api.localAddresses()).isEmpty();
    }
  }
}
