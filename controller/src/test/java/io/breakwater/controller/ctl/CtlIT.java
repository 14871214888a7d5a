package io.breakwater.controller.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.cli.Main;
import io.breakwater.controller.ctl.FakeRuntimeApi.Received;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.Ports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Runtime API client and {@code breakwater ctl} against a fake server on real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CtlIT {
  private static final String INFO = "Name: Breakwater\nVersion: 0.1.0\n";

  @TempDir Path dir;
  private Path socket;
  private FakeRuntimeApi api;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("runtime.sock");
    api = FakeRuntimeApi.unix(socket, CtlIT::answer);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /** What the fake server answers. */
  private static String answer(String command, String payload) {
    return switch (command) {
      case "show info" -> INFO;
      case "show backend" -> "# name\napi\nweb\n";
      case "set weight api/s1 50" -> "";
      case "add map m" -> "added " + payload.lines().count() + " entries";
      default -> "Unknown command: '" + command + "'";
    };
  }

  private String raw() throws InterruptedException {
    String r = api.raw.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a connection ended").isNotNull();
    return r;
  }

  @Test
  void sendReturnsTheAnswerWithoutItsEmptyLine() throws Exception {
    RuntimeClient client = RuntimeClient.unix(socket);
    assertThat(client.send("show info")).isEqualTo(INFO);
    assertThat(raw()).isEqualTo("show info\n");
  }

  @Test
  void sendWorksOverTcp() throws Exception {
    try (FakeRuntimeApi tcp = FakeRuntimeApi.tcp(CtlIT::answer)) {
      RuntimeClient client = RuntimeClient.tcp("127.0.0.1", tcp.port());
      assertThat(client.target()).isEqualTo("tcp 127.0.0.1:" + tcp.port());
      assertThat(client.send("show backend")).isEqualTo("# name\napi\nweb\n");
      assertThat(tcp.raw.poll(10, TimeUnit.SECONDS)).isEqualTo("show backend\n");
    }
  }

  @Test
  void anEmptyAnswerIsEmpty() throws Exception {
    assertThat(RuntimeClient.unix(socket).send("set weight api/s1 50")).isEmpty();
  }

  @Test
  void severalCommandsOnOneLineAnswerInOrder() throws Exception {
    String answer = RuntimeClient.unix(socket).send("show info; show backend");
    assertThat(answer).isEqualTo(INFO + "\n# name\napi\nweb\n");
    assertThat(raw()).isEqualTo("show info; show backend\n");
  }

  @Test
  void aPayloadFollowsTheCommandAndEndsWithAnEmptyLine() throws Exception {
    String answer = RuntimeClient.unix(socket).send("add map m", "k1 v1\nk2 v2\n");
    assertThat(answer).isEqualTo("added 2 entries\n");
    assertThat(raw()).isEqualTo("add map m <<\nk1 v1\nk2 v2\n\n");
    assertThat(api.received.poll()).isEqualTo(new Received("add map m", "k1 v1\nk2 v2\n"));
  }

  @Test
  void theAnswerEndsAtItsEmptyLineEvenIfTheServerKeepsTheConnection() throws Exception {
    api.keepOpen = true;
    RuntimeClient client = RuntimeClient.unix(socket).withTimeout(Duration.ofSeconds(30));
    long began = System.nanoTime();
    assertThat(client.send("show info")).isEqualTo(INFO);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theAnswerEndsWhenTheServerClosesWithoutAnEmptyLine() throws Exception {
    api.truncate = true;
    assertThat(RuntimeClient.unix(socket).send("show info")).isEqualTo(INFO);
  }

  @Test
  void aSilentServerTimesOut() throws Exception {
    api.silent = true;
    RuntimeClient client = RuntimeClient.unix(socket).withTimeout(Duration.ofMillis(200));
    assertThatThrownBy(() -> client.send("show info"))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("unix socket " + socket)
        .hasMessageContaining("200 ms");
  }

  @Test
  void aServerThatClosesWithoutAnsweringIsAnError() throws Exception {
    api.silent = true;
    api.close(); // accepted connections are closed, new ones refused
    try (FakeRuntimeApi mute = FakeRuntimeApi.unix(socket, (c, p) -> "")) {
      mute.truncate = true; // answers "" and closes: nothing at all
      assertThatThrownBy(() -> RuntimeClient.unix(socket).send("show info"))
          .isInstanceOf(EOFException.class)
          .hasMessage("unix socket " + socket + " closed the connection without answering");
    }
  }

  @Test
  void noSocketFileCannotConnect() {
    Path missing = dir.resolve("missing.sock");
    assertThatThrownBy(() -> RuntimeClient.unix(missing).send("show info"))
        .isInstanceOf(CannotConnectException.class)
        .hasMessageStartingWith("cannot connect to unix socket " + missing + ": ");
  }

  @Test
  void aClosedTcpPortCannotConnect() throws Exception {
    int closedPort = Ports.free();
    assertThatThrownBy(() -> RuntimeClient.tcp("127.0.0.1", closedPort).send("show info"))
        .isInstanceOf(CannotConnectException.class)
        .hasMessageStartingWith("cannot connect to tcp 127.0.0.1:" + closedPort + ": ")
        .hasMessageContaining("refused");
  }

  @Test
  void aSessionKeepsOneConnectionForManyCommands() throws Exception {
    try (RuntimeSession s = RuntimeClient.unix(socket).openSession()) {
      assertThat(s.send("show info")).isEqualTo(INFO);
      assertThat(s.send("set weight api/s1 50")).isEmpty();
      assertThat(s.send("add map m", "a 1\nb 2\nc 3")).isEqualTo("added 3 entries\n");
      assertThat(s.send("show info; show backend")).isEqualTo(INFO + "\n# name\napi\nweb\n");
      assertThat(s.isOpen()).isTrue();
    }
    assertThat(raw())
        .isEqualTo(
            "prompt\nshow info\nset weight api/s1 50\nadd map m <<\na 1\nb 2\nc 3\n\n"
                + "show info; show backend\nquit\n");
    assertThat(api.connections).hasValue(1);
  }

  // --- breakwater ctl ---

  private record Run(int status, String out, String err) {}

  private static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "ctl";
    System.arraycopy(args, 0, all, 1, args.length);
    int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void ctlJoinsTheWordsSendsAndPrintsTheAnswer() throws Exception {
    Run r = ctl("--socket", socket.toString(), "show", "info");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(INFO);
    assertThat(r.err()).isEmpty();
    assertThat(raw()).isEqualTo("show info\n");
  }

  @Test
  void ctlTakesEveryWordFromTheCommandOnEvenOptionLikeOnes() throws Exception {
    Run r = ctl("--socket", socket.toString(), "show", "stat", "-1", "4", "--tcp");
    assertThat(r.status()).isZero();
    assertThat(raw()).isEqualTo("show stat -1 4 --tcp\n");
  }

  @Test
  void ctlAnErrorAnswerIsStillAnAnswer() throws Exception {
    Run r = ctl("--socket", socket.toString(), "frobnicate");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo("Unknown command: 'frobnicate'\n");
  }

  @Test
  void ctlOverTcp() throws Exception {
    try (FakeRuntimeApi tcp = FakeRuntimeApi.tcp(CtlIT::answer)) {
      Run r = ctl("--tcp", "127.0.0.1:" + tcp.port(), "show", "backend");
      assertThat(r.status()).isZero();
      assertThat(r.out()).isEqualTo("# name\napi\nweb\n");
    }
  }

  @Test
  void ctlSendsAPayloadFile() throws Exception {
    Path file = Files.writeString(dir.resolve("map.txt"), "k1 v1\nk2 v2\n");
    Run r =
        ctl("--socket", socket.toString(), "--payload-file", file.toString(), "add", "map", "m");
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo("added 2 entries\n");
    assertThat(raw()).isEqualTo("add map m <<\nk1 v1\nk2 v2\n\n");
  }

  @Test
  void ctlRefusesAPayloadWithAnEmptyLineBeforeConnecting() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.txt"), "a\n\nb\n");
    Run r =
        ctl("--socket", socket.toString(), "--payload-file", file.toString(), "add", "map", "m");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("payload: line 2 is empty");
    assertThat(api.connections).hasValue(0);
  }

  @Test
  void ctlExits2NamingTheSocketWhenItCannotConnect() {
    Path missing = dir.resolve("missing.sock");
    Run r = ctl("--socket", missing.toString(), "show", "info");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("breakwater ctl: cannot connect to unix socket " + missing);
  }

  @Test
  void ctlExits1WhenConnectedButNoAnswerCame() throws Exception {
    api.silent = true;
    Run r = ctl("--socket", socket.toString(), "--timeout", "200ms", "show", "info");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("breakwater ctl: unix socket " + socket + ": no progress");
  }

  @Test
  void ctlRejectsBothSocketAndTcp() {
    Run r = ctl("--socket", socket.toString(), "--tcp", "127.0.0.1:9999", "show", "info");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--socket and --tcp: give one of them, not both");
  }

  @Test
  void ctlRejectsABadTcpAddress() {
    Run r = ctl("--tcp", "nowhere", "show", "info");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--tcp: \"nowhere\" is not host:port");
  }

  // --- the interactive session ---

  /** Lines typed one after the other; records the prompts shown. */
  private static final class Typed implements LineInput {
    final Deque<Object> script = new ArrayDeque<>();
    final StringBuilder prompts = new StringBuilder();

    Typed(Object... lines) {
      script.addAll(List.of(lines));
    }

    @Override
    public String readLine(String prompt) {
      prompts.append(prompt);
      Object next = script.poll();
      if (next instanceof Runnable r) {
        r.run();
        next = script.poll();
      }
      return (String) next;
    }
  }

  private record Session(int status, String out, String err) {}

  private Session shell(RuntimeClient client, LineInput in) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new Shell(client, in, new PrintWriter(out), new PrintWriter(err)).run();
    return new Session(status, out.toString(), err.toString());
  }

  @Test
  void theSessionSendsPromptThenEachLineAndPrintsEachAnswer() throws Exception {
    Typed in =
        new Typed(
            "show info", "", "   ", "add map m <<", "k1 v1", "k2 v2", "", "show backend", "quit");
    Session s = shell(RuntimeClient.unix(socket), in);
    assertThat(s.status()).isZero();
    assertThat(s.out()).isEqualTo(INFO + "added 2 entries\n" + "# name\napi\nweb\n");
    assertThat(s.err()).isEmpty();
    assertThat(in.prompts).hasToString("> > > > + + + > > ");
    assertThat(raw())
        .isEqualTo("prompt\nshow info\nadd map m <<\nk1 v1\nk2 v2\n\nshow backend\nquit\n");
    assertThat(api.connections).hasValue(1);
  }

  @Test
  void theEndOfTheInputEndsTheSessionWithQuit() throws Exception {
    Session s = shell(RuntimeClient.unix(socket), new Typed("show info"));
    assertThat(s.status()).isZero();
    assertThat(raw()).isEqualTo("prompt\nshow info\nquit\n");
  }

  @Test
  void promptIsNotSentSinceTheSessionDependsOnIt() throws Exception {
    Session s = shell(RuntimeClient.unix(socket), new Typed("prompt", "show info", "quit"));
    assertThat(s.err()).contains("not sent");
    assertThat(s.out()).isEqualTo(INFO);
    assertThat(raw()).isEqualTo("prompt\nshow info\nquit\n");
  }

  @Test
  void theSessionReconnectsAfterTheServerClosedIt() throws Exception {
    api.closeAfterAnswer = true; // an idle timeout, as far as the client can tell
    Runnable serverClosed = () -> Await.until(() -> api.closed.get() == 1);
    Session s =
        shell(RuntimeClient.unix(socket), new Typed("show info", serverClosed, "show backend"));
    assertThat(s.status()).isZero();
    assertThat(s.out()).isEqualTo(INFO + "# name\napi\nweb\n");
    assertThat(s.err()).contains("reconnecting to unix socket " + socket);
    assertThat(api.connections).hasValue(2);
  }

  @Test
  void aSessionThatCannotConnectExits2() throws Exception {
    Path missing = dir.resolve("missing.sock");
    Session s = shell(RuntimeClient.unix(missing), new Typed("show info"));
    assertThat(s.status()).isEqualTo(2);
    assertThat(s.err()).startsWith("breakwater ctl: cannot connect to unix socket " + missing);
  }

  @Test
  void theSessionWorksThroughJLine() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    InputStream keys =
        new ByteArrayInputStream("show info\nshow backend\n".getBytes(StandardCharsets.UTF_8));
    try (JLineInput terminal = JLineInput.over(keys, screen)) {
      StringWriter err = new StringWriter();
      int status =
          new Shell(RuntimeClient.unix(socket), terminal, terminal.writer(), new PrintWriter(err))
              .run();
      assertThat(status).isZero();
    }
    assertThat(screen.toString(StandardCharsets.UTF_8))
        .contains("> ")
        .contains("Name: Breakwater")
        .contains("# name");
    assertThat(raw()).isEqualTo("prompt\nshow info\nshow backend\nquit\n");
  }

  @Test
  void ctlWithoutACommandReadsLinesFromStandardInput() throws Exception {
    InputStream original = System.in;
    System.setIn(
        new ByteArrayInputStream(
            "show info\nshow backend\nquit\n".getBytes(StandardCharsets.UTF_8)));
    try {
      Run r = ctl("--socket", socket.toString());
      assertThat(r.status()).isZero();
      assertThat(r.out()).isEqualTo(INFO + "# name\napi\nweb\n");
    } finally {
      System.setIn(original);
    }
    assertThat(raw()).isEqualTo("prompt\nshow info\nshow backend\nquit\n");
  }
}
