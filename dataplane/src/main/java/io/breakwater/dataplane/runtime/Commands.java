package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.audit.AuditLine;
import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command table and the one place commands run: a line is split into commands, each is matched
 * to the longest key that fits, its level is checked, and its output (or its refusal) is framed by
 * an empty line. Errors become one line each, never a stack trace: a {@link CliError} its message,
 * a {@link ConfigException} one {@code path: message} line per problem. State-changing commands are
 * written to the audit log ({@link AuditLine}) with their outcome.
 */
final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  static final String PERMISSION_DENIED = "Permission denied";

  private final Dataplane dp;
  private final InitialWeights weights = new InitialWeights();
  private final List<Command> table;

  Commands(Dataplane dp) {
    this.dp = dp;
    List<Command> t = new ArrayList<>();
    SessionCommands.register(t, this);
    ShowCommands.register(t);
    ServerCommands.register(t);
    ConfigCommands.register(t);
    this.table = List.copyOf(t);
  }

  List<Command> table() {
    return table;
  }

  /**
   * Runs every command of a line and returns their outputs, each followed by an empty line. The
   * payload, if any, goes to the last command (the one the {@code <<} ended). Stops after {@code
   * quit}.
   */
  String run(String line, String payload, SessionState session) {
    StringBuilder out = new StringBuilder();
    List<String> commands = CommandLine.split(line);
    for (int i = 0; i < commands.size() && !session.quit; i++) {
      CommandLine cmd = CommandLine.parse(commands.get(i));
      if (cmd.isEmpty()) {
        continue;
      }
      String p = i == commands.size() - 1 ? payload : null;
      String output = runOne(cmd, p, session);
      if (!session.quit) {
        // quit answers nothing at all, not even the empty line.
        frame(out, output);
      }
    }
    return out.toString();
  }

  private String runOne(CommandLine cmd, String payload, SessionState session) {
    Command c = lookup(cmd);
    if (c == null) {
      return "Unknown command: '" + cmd.text() + "'. Type 'help' for the list of commands.\n";
    }
    String output;
    String error = null;
    try {
      if (!session.level.allows(c.level())) {
        throw new CliError(PERMISSION_DENIED);
      }
      output = c.handler().run(new Invocation(dp, session, cmd, payload, weights));
    } catch (CliError e) {
      error = e.getMessage();
      output = error + "\n";
    } catch (ConfigException e) {
      StringBuilder sb = new StringBuilder();
      for (ConfigError err : e.errors()) {
        sb.append(oneLine(err.toString())).append('\n');
      }
      output = sb.toString();
      error = output.strip().replace("\n", "; ");
    } catch (Exception e) {
      // Not only runtime exceptions: Netty rethrows a failed bind's IOException undeclared, and
      // anything escaping here would close the connection without an answer.
      // Only the words before a document: a config on the line may hold TLS keys.
      log.warn("runtime api: '{}' failed", shownWords(c, cmd), e);
      error = "Internal error: " + oneLine(String.valueOf(e.getMessage()));
      output = error + "\n";
    }
    if (c.isAudited() && AuditLine.enabled()) {
      audit(c, cmd, payload, session, error);
    }
    return output;
  }

  /**
   * The audit line of a state-changing command, refused ones included: a refusal for the level is
   * what an audit is most for. Written before the answer, so a client that has its answer can find
   * the line.
   */
  private void audit(
      Command c, CommandLine cmd, String payload, SessionState session, String error) {
    AuditLine line = AuditLine.of("runtime");
    session.peer.appendTo(line);
    line.add("level", session.level.configName());
    int shown = Math.min(c.audited(), cmd.size());
    line.add("cmd", shownWords(c, cmd));
    int documentBytes = 0;
    if (shown < cmd.size()) {
      documentBytes += utf8Length(cmd.rest(shown));
    }
    if (payload != null) {
      documentBytes += utf8Length(payload);
    }
    if (shown < cmd.size() || payload != null) {
      line.add("body_bytes", documentBytes);
    }
    line.add("outcome", error == null ? "ok" : "error").add("error", error);
    line.add("version", dp.version()).log();
  }

  /** The command's words, up to the document of those that take one. */
  private static String shownWords(Command c, CommandLine cmd) {
    int n = c.isAudited() ? Math.min(c.audited(), cmd.size()) : cmd.size();
    return String.join(" ", cmd.words().subList(0, n));
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The command whose key matches the most words, or {@code null}. */
  Command lookup(CommandLine cmd) {
    Command best = null;
    for (Command c : table) {
      if (c.matches(cmd) && (best == null || c.key().size() > best.key().size())) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Appends one command's output and the empty line that ends it. A blank line inside the output
   * would end it early for the client, so none is let through.
   */
  static void frame(StringBuilder out, String output) {
    for (String l : output.split("\n")) {
      if (!l.isBlank()) {
        out.append(l).append('\n');
      }
    }
    out.append('\n');
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  /** {@code help [<words>]}: the commands, or those whose usage starts with the words. */
  String help(String prefix) {
    List<Command.Help> lines = new ArrayList<>();
    for (Command c : table) {
      for (Command.Help h : c.help()) {
        if (prefix.isEmpty() || h.usage().startsWith(prefix)) {
          lines.add(h);
        }
      }
    }
    if (lines.isEmpty()) {
      return "No command starts with '" + prefix + "'.\n";
    }
    int width = 0;
    for (Command.Help h : lines) {
      width = Math.max(width, h.usage().length());
    }
    StringBuilder sb = new StringBuilder("The following commands are valid:\n");
    for (Command.Help h : lines) {
      sb.append("  ")
          .append(h.usage())
          .append(" ".repeat(width - h.usage().length()))
          .append(" : ")
          .append(h.description());
      if (h.level() != AccessLevel.USER) {
        sb.append(" (").append(h.level().configName()).append(')');
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
