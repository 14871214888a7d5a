package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.testing.Await;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session model over a real Unix socket: one-shot lines, ';', payloads, prompt mode, limits.
 */
class RuntimeApiProtocolIT {
  @TempDir Path dir;
  private RuntimeFixture f;
  private SocketAddress admin;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
    admin = f.address(ADMIN);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void aOneShotLineIsAnsweredThenTheConnectionCloses() throws Exception {
    // What `echo "show info" | socat stdio unix:admin.sock` does.
    String out = CliClient.oneShot(admin, "show info\n");
    assertThat(out).startsWith("Name: Breakwater\n").endsWith("\n\n");
    assertThat(out.strip().lines()).allMatch(l -> l.matches("[A-Za-z_]+: .*"));
  }

  @Test
  void commandsSeparatedBySemicolonsAnswerInOrderEachEndedByAnEmptyLine() throws Exception {
    assertThat(CliClient.oneShot(admin, "show config version; show backend;; get weight app/a\n"))
        .isEqualTo("1\n\n# name\napp\nchecked\njunk\n\n1 (initial 1)\n\n");
  }

  @Test
  void aClientThatSendsNothingButAnEmptyLineIsClosed() throws Exception {
    assertThat(CliClient.oneShot(admin, "\n")).isEmpty();
  }

  @Test
  void promptModeKeepsTheConnectionAndPromptsBeforeEachCommand() throws Exception {
    try (CliClient c = CliClient.connect(admin)) {
      assertThat(c.send("prompt\n").readUntil("> ")).isEqualTo("\n> ");
      assertThat(c.send("show config version\n").readUntil("> ")).isEqualTo("1\n\n> ");
      assertThat(c.send("\n").readUntil("> ")).isEqualTo("> ");
      assertThat(c.send("set server app/a weight 2; get weight app/a\n").readUntil("> "))
          .isEqualTo("\n2 (initial 1)\n\n> ");
      assertThat(c.send("show cli level\n").readUntil("> ")).isEqualTo("admin\n\n> ");
      assertThat(c.send("quit\n").readToEnd()).isEmpty();
    }
  }

  @Test
  void scriptedInteractiveInputIsAnsweredInFullBeforeTheConnectionCloses() throws Exception {
    assertThat(CliClient.oneShot(admin, "prompt i\nshow config version\nget weight app/a\n"))
        .isEqualTo("\n1\n\n1 (initial 1)\n\n");
    assertThat(CliClient.oneShot(admin, "prompt\nshow config version\nquit\nshow backend\n"))
        .isEqualTo("\n> 1\n\n> ");
  }

  @Test
  void aPayloadFollowsTheLineAndEndsAtAnEmptyLine() throws Exception {
    String json =
        "[{\"name\": \"a\", \"address\": \"127.0.0.1:"
            + f.a.port()
            + "\"},\n {\"name\": \"z\", \"address\": \"127.0.0.1:"
            + f.b.port()
            + "\", \"weight\": 2}]";
    assertThat(
            CliClient.oneShot(
                admin, "show config version; set backend app servers <<\n" + json + "\n\n"))
        .isEqualTo("1\n\nNew config version 2\n\n");
    assertThat(f.dp.config().backend("app").servers())
        .extracting(Server::name, Server::address, Server::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", new HostPort("127.0.0.1", f.a.port()), 1),
            org.assertj.core.groups.Tuple.tuple("z", new HostPort("127.0.0.1", f.b.port()), 2));
  }

  @Test
  void unknownAndMalformedCommandsAreOneLineAndChangeNothing() throws Exception {
    assertThat(f.admin("frobnicate now"))
        .isEqualTo("Unknown command: 'frobnicate now'. Type 'help' for the list of commands.\n");
    assertThat(f.admin("show")).startsWith("Unknown command: 'show'.");
    assertThat(f.admin("show stat csv")).isEqualTo("Usage: show stat [json]\n");
    assertThat(f.admin("show info please")).isEqualTo("Usage: show info\n");
    assertThat(f.dp.version()).isEqualTo(1);
  }

  @Test
  void aLineOverTheLimitGetsOneErrorAndTheConnectionCloses() throws Exception {
    byte[] big = new byte[70 * 1024];
    Arrays.fill(big, (byte) 'x');
    try (CliClient c = CliClient.connect(admin)) {
      try {
        c.send(big);
        c.send("\nshow info\n");
      } catch (IOException closedWhileSending) {
        // the server may close before it has read everything
      }
      assertThat(c.readToEnd())
          .isEqualTo("Line too long: a command line is at most 65536 bytes.\n");
    }
    assertThat(f.run(USER, "show config version")).isEqualTo("1\n");
  }

  @Test
  void aListenerServesTenConnectionsAtOnce() throws Exception {
    List<CliClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < RuntimeApiServer.MAX_CONNECTIONS; i++) {
        CliClient c = CliClient.connect(admin);
        open.add(c);
        assertThat(c.send("prompt\n").readUntil("> ")).isEqualTo("\n> ");
      }
      try (CliClient refused = CliClient.connect(admin)) {
        try {
          refused.send("show info\n");
        } catch (IOException closedFirst) {
          // the server answers on accept and closes; it may do so before this write
        }
        assertThat(refused.readToEnd()).isEqualTo("Too many connections: at most 10 at once.\n");
      }
      assertThat(CliClient.oneShot(f.address(USER), "show config version\n")).isEqualTo("1\n\n");
      open.remove(0).close();
      Await.until(
          () -> {
            try {
              return CliClient.oneShot(admin, "show config version\n").equals("1\n\n");
            } catch (IOException e) {
              return false;
            }
          });
    } finally {
      for (CliClient c : open) {
        c.close();
      }
    }
  }

  @Test
  void outputIsUtf8() throws Exception {
    String out = CliClient.oneShot(admin, "show servers state nöpe\n");
    assertThat(out).isEqualTo("Can't find backend.\n\n");
    assertThat("nöpe".getBytes(StandardCharsets.UTF_8)).hasSize(5);
  }
}
