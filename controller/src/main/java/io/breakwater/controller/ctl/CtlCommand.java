package io.breakwater.controller.ctl;

import io.breakwater.dataplane.config.Durations;
import io.breakwater.dataplane.config.HostPort;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code breakwater ctl [--socket PATH | --tcp HOST:PORT] [COMMAND...]}: one Runtime API command,
 * or an interactive session when none is given.
 *
 * <p>Exit status: 0 when the server answered, whatever the answer says (the Runtime API's answers
 * are free text, errors included: scripts read the text); 1 when the connection was made but no
 * answer came (timeout, closed); 2 when the server could not be reached, and for usage errors, as
 * everywhere in picocli.
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Send a command to the dataplane's Runtime API (HAProxy's stats-socket protocol) and print"
          + " the answer, e.g. `breakwater ctl show info`. Several commands may share a line,"
          + " separated by `;` (quote them for the shell).",
      "Without a command: an interactive session with line editing and history; a line ending"
          + " with `<<` starts a payload, ended by an empty line; `quit` or Ctrl-D ends it.",
      "Options go before the command: every word from the first one on is part of it."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the server answered (whatever the answer says)",
      "1:connected, but no answer came (timeout, connection closed)",
      "2:the server could not be reached, or a usage error"
    })
public final class CtlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "Unix socket of the Runtime API (default: /var/run/breakwater/runtime.sock).")
  Path socket;

  @Option(
      names = "--tcp",
      paramLabel = "HOST:PORT",
      description = "TCP address of the Runtime API, instead of the Unix socket.")
  String tcp;

  @Option(
      names = "--payload-file",
      paramLabel = "FILE",
      description =
          "Send FILE's lines as the command's payload (after `<<`); `-` reads standard input."
              + " The payload must not contain an empty line.")
  String payloadFile;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Give up connecting, or waiting for more of an answer, after this long"
              + " (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command's words.")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    RuntimeClient client = client();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (words.isEmpty()) {
      if (payloadFile != null) {
        throw usage("--payload-file: needs a COMMAND to send the payload with");
      }
      return interactive(client, out, err);
    }
    String command = String.join(" ", words);
    String payload = payloadFile == null ? null : readPayload();
    try {
      String answer = payload == null ? client.send(command) : client.send(command, payload);
      out.print(answer);
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (CannotConnectException e) {
      err.println("breakwater ctl: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("breakwater ctl: " + client.target() + ": " + e.getMessage());
      return 1;
    }
  }

  private int interactive(RuntimeClient client, PrintWriter out, PrintWriter err)
      throws IOException {
    try {
      if (!isTerminal()) {
        return new Shell(client, LineInput.of(System.in), out, err).run();
      }
      try (JLineInput terminal = JLineInput.system()) {
        PrintWriter screen = terminal.writer();
        screen.println(
            "breakwater ctl: "
                + client.target()
                + " (help lists commands; quit or Ctrl-D to leave)");
        return new Shell(client, terminal, screen, screen).run();
      }
    } catch (IOException e) {
      err.println("breakwater ctl: " + client.target() + ": " + e.getMessage());
      return 1;
    }
  }

  private RuntimeClient client() {
    if (socket != null && tcp != null) {
      throw usage("--socket and --tcp: give one of them, not both");
    }
    Duration t;
    try {
      t = Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw usage("--timeout: " + e.getMessage());
    }
    if (t.isZero()) {
      throw usage("--timeout: 0s (expected: > 0)");
    }
    if (tcp != null) {
      HostPort hp = HostPort.parse(tcp);
      if (hp == null) {
        throw usage("--tcp: \"" + tcp + "\" is not host:port");
      }
      return RuntimeClient.tcp(hp.host(), hp.port()).withTimeout(t);
    }
    return RuntimeClient.unix(socket == null ? RuntimeClient.DEFAULT_SOCKET : socket)
        .withTimeout(t);
  }

  private String readPayload() throws IOException {
    if ("-".equals(payloadFile)) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(payloadFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage("--payload-file: cannot read " + payloadFile + " (" + e + ")");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * Whether standard input and output are a terminal. {@link System#console()} is null otherwise up
   * to Java 21; from Java 22 it exists either way and {@code isTerminal()} tells.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17 to 21: a console exists only for a terminal
    }
  }
}
