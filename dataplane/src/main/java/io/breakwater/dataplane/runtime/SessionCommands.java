package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.USER;
import static io.breakwater.dataplane.runtime.Command.help;

import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.runtime.SessionState.Mode;
import java.time.Duration;
import java.util.List;

/** Commands about the connection itself: help, modes, level, timeout. */
final class SessionCommands {
  private SessionCommands() {}

  static void register(List<Command> t, Commands commands) {
    t.add(
        Command.of(
            "help",
            USER,
            inv -> commands.help(inv.line.rest(1)),
            help("help [<command>]", USER, "list the commands, or those starting with <command>")));
    t.add(
        Command.of(
            "prompt",
            USER,
            SessionCommands::prompt,
            help(
                "prompt [i|p|n]",
                USER,
                "interactive mode with a prompt (toggles), i: without, n: one line only")));
    t.add(
        Command.of(
            "quit",
            USER,
            inv -> {
              inv.session.quit = true;
              return "";
            },
            help("quit", USER, "close the connection")));
    t.add(
        Command.of(
            "show cli level",
            USER,
            inv -> inv.session.level.configName() + "\n",
            help("show cli level", USER, "this connection's access level")));
    t.add(lower("operator", AccessLevel.OPERATOR));
    t.add(lower("user", AccessLevel.USER));
    t.add(
        Command.of(
            "set timeout cli",
            USER,
            SessionCommands::setTimeout,
            help("set timeout cli <seconds>", USER, "idle timeout of this connection")));
  }

  /** HAProxy's {@code prompt}: no argument toggles the prompt mode. */
  private static String prompt(Invocation inv) {
    inv.atMost(2, "prompt [i|p|n]");
    String arg = inv.word(1);
    SessionState s = inv.session;
    if (arg == null) {
      s.mode = s.mode == Mode.PROMPT ? Mode.NON_INTERACTIVE : Mode.PROMPT;
    } else {
      s.mode =
          switch (arg) {
            case "p" -> Mode.PROMPT;
            case "i" -> Mode.INTERACTIVE;
            case "n" -> Mode.NON_INTERACTIVE;
            default -> throw CliError.usage("prompt [i|p|n]");
          };
    }
    return "";
  }

  /** {@code operator} and {@code user}: a connection may lower its level, never raise it. */
  private static Command lower(String word, AccessLevel level) {
    return Command.of(
        word,
        USER,
        inv -> {
          inv.atMost(1, word);
          if (!inv.session.level.allows(level)) {
            throw new CliError(Commands.PERMISSION_DENIED);
          }
          inv.session.level = level;
          return "";
        },
        help(word, USER, "lower this connection's level to " + level.configName()));
  }

  private static String setTimeout(Invocation inv) {
    String usage = "set timeout cli <seconds>";
    inv.atMost(4, usage);
    long seconds;
    try {
      seconds = Long.parseLong(String.valueOf(inv.word(3)));
    } catch (NumberFormatException e) {
      throw CliError.usage(usage);
    }
    Duration d = Duration.ofSeconds(seconds);
    if (seconds <= 0 || d.compareTo(SessionState.MAX_IDLE_TIMEOUT) > 0) {
      throw new CliError(
          "The timeout must be between 1 and "
              + SessionState.MAX_IDLE_TIMEOUT.toSeconds()
              + " seconds.");
    }
    inv.session.idleTimeout = d;
    return "";
  }
}
