package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static io.breakwater.dataplane.runtime.Command.help;

import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.stats.CapturedError;
import io.breakwater.dataplane.stats.ClientSession;
import io.breakwater.dataplane.stats.StatCsv;
import io.breakwater.dataplane.stats.StatJson;
import io.breakwater.dataplane.stats.StatsSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The read-only commands: {@code show …} and {@code get weight}. */
final class ShowCommands {
  /** HAProxy's date format in {@code show errors}: {@code [10/Oct/2024:12:00:00.123]}. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH)
          .withZone(ZoneId.systemDefault());

  private ShowCommands() {}

  static void register(List<Command> t) {
    t.add(
        Command.of(
            "show info",
            USER,
            ShowCommands::info,
            help("show info", USER, "process information, one 'Name: value' per line")));
    t.add(
        Command.of(
            "show stat",
            USER,
            ShowCommands::stat,
            help("show stat [json]", USER, "counters of every frontend, backend and server")));
    t.add(
        Command.of(
            "show servers state",
            USER,
            ShowCommands::serversState,
            help("show servers state [<backend>]", USER, "server states (HAProxy's format 1)")));
    t.add(
        Command.of(
            "show backend",
            USER,
            inv -> {
              inv.atMost(2, "show backend");
              StringBuilder sb = new StringBuilder("# name\n");
              inv.dp.config().backends().forEach(b -> sb.append(b.name()).append('\n'));
              return sb.toString();
            },
            help("show backend", USER, "the backends' names")));
    t.add(
        Command.of(
            "show sess",
            USER,
            ShowCommands::sessions,
            help("show sess", USER, "the client connections open now")));
    t.add(
        Command.of(
            "show errors",
            OPERATOR,
            ShowCommands::errors,
            help("show errors", OPERATOR, "the last malformed requests and responses")));
    t.add(
        Command.of(
            "show config",
            USER,
            ShowCommands::config,
            help("show config", USER, "the running config, as JSON in the file's schema"),
            help("show config version", USER, "the running config's version")));
    t.add(
        Command.of(
            "get weight",
            USER,
            ShowCommands::getWeight,
            help("get weight <backend>/<server>", USER, "a server's weight and initial weight")));
  }

  private static String info(Invocation inv) {
    inv.atMost(2, "show info");
    StatsSnapshot.Info i = inv.dp.stats().info();
    long now = System.currentTimeMillis();
    long uptime = Math.max(0, (now - i.startedAtMillis()) / 1000);
    return "Name: Breakwater\n"
        + ("Version: " + i.version() + "\n")
        + ("Nbthread: " + i.workers() + "\n")
        + "Nbproc: 1\n"
        + "Process_num: 1\n"
        + ("Pid: " + i.pid() + "\n")
        + ("Uptime: " + uptime(uptime) + "\n")
        + ("Uptime_sec: " + uptime + "\n")
        + ("Start_time_sec: " + i.startedAtMillis() / 1000 + "\n")
        + ("Maxconn: " + i.maxconn() + "\n")
        + ("Hard_maxconn: " + i.maxconn() + "\n")
        + ("CurrConns: " + i.connections() + "\n")
        + ("CumConns: " + i.connectionsTotal() + "\n")
        + ("CumReq: " + i.requestsTotal() + "\n")
        + ("ConnRate: " + i.sessionRate() + "\n")
        + ("SessRate: " + i.sessionRate() + "\n")
        + ("Transport: " + i.transport() + "\n")
        + ("ConfigVersion: " + i.configVersion() + "\n")
        + ("ConfigApplied_sec: " + i.configAppliedAtMillis() / 1000 + "\n");
  }

  /** HAProxy's uptime: {@code 0d 1h02m03s}. */
  static String uptime(long seconds) {
    return String.format(
        Locale.ROOT,
        "%dd %dh%02dm%02ds",
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60);
  }

  private static String stat(Invocation inv) {
    String usage = "show stat [json]";
    inv.atMost(3, usage);
    boolean sensitive = inv.session.level.allows(OPERATOR);
    String arg = inv.word(2);
    if (arg == null) {
      return StatCsv.render(inv.dp.stats(), sensitive);
    }
    if (arg.equals("json")) {
      return StatJson.render(inv.dp.stats(), sensitive) + "\n";
    }
    throw CliError.usage(usage);
  }

  private static String serversState(Invocation inv) {
    inv.atMost(4, "show servers state [<backend>]");
    String only = inv.word(3);
    StatsSnapshot snapshot = inv.dp.stats();
    if (only != null && snapshot.backends().stream().noneMatch(b -> b.name().equals(only))) {
      throw new CliError("Can't find backend.");
    }
    StringBuilder sb = new StringBuilder(ServersState.header());
    for (StatsSnapshot.Backend b : snapshot.backends()) {
      if (only != null && !b.name().equals(only)) {
        continue;
      }
      for (StatsSnapshot.Server s : b.servers()) {
        int checkPort = 0;
        var running = inv.dp.server(b.name(), s.name());
        if (running != null && running.config().healthCheck() != null) {
          checkPort = running.config().healthCheck().port();
        }
        int initial = inv.weights.initial(b.name(), s.name(), s.weight());
        sb.append(ServersState.row(b, s, checkPort, initial));
      }
    }
    return sb.toString();
  }

  /**
   * One line per client connection, in a simplified form of HAProxy's: {@code 0x<id>: proto=tcp
   * src=<ip:port> fe=<frontend> age=<duration>}.
   */
  private static String sessions(Invocation inv) {
    inv.atMost(2, "show sess");
    StringBuilder sb = new StringBuilder();
    for (ClientSession s : inv.dp.sessions()) {
      sb.append("0x")
          .append(s.id())
          .append(": proto=tcp src=")
          .append(s.client())
          .append(" fe=")
          .append(s.frontend())
          .append(" age=")
          .append(age(s.ageMillis() / 1000))
          .append('\n');
    }
    return sb.toString();
  }

  /** HAProxy's human durations: {@code 5s}, {@code 2m5s}, {@code 1h2m}, {@code 3d4h}. */
  static String age(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h" + seconds / 60 % 60 + "m";
    }
    return seconds / 86_400 + "d" + seconds / 3600 % 24 + "h";
  }

  /**
   * HAProxy's {@code show errors} layout, without blank lines (an answer ends at the first one):
   * the event, then the bytes kept and the error's offset ({@link ErrorDump}).
   */
  private static String errors(Invocation inv) {
    inv.atMost(2, "show errors");
    List<CapturedError> errors = inv.dp.recentErrors();
    StringBuilder sb =
        new StringBuilder("Total events captured on [")
            .append(DATE.format(Instant.now()))
            .append("] : ")
            .append(errors.size())
            .append('\n');
    for (CapturedError e : errors) {
      sb.append('[').append(DATE.format(Instant.ofEpochMilli(e.atMillis()))).append("] ");
      if (e.response()) {
        sb.append("backend ").append(e.backend()).append(": invalid response\n");
        sb.append("  frontend ").append(e.frontend());
      } else {
        sb.append("frontend ").append(e.frontend()).append(": invalid request\n");
        sb.append("  backend ").append(e.backend() == null ? "<NONE>" : e.backend());
      }
      sb.append(", server ")
          .append(e.server() == null ? "<NONE>" : e.server())
          .append(", event #")
          .append(e.event())
          .append(", src ")
          .append(e.client())
          .append('\n');
      sb.append("  answered ")
          .append(e.kind().status())
          .append(" (")
          .append(e.kind().name())
          .append("): ")
          .append(e.reason() == null ? "no detail" : e.reason())
          .append('\n');
      if (e.bytes() != null) {
        ErrorDump.append(sb, e.bytes());
      }
    }
    return sb.toString();
  }

  private static String config(Invocation inv) {
    String usage = "show config [version]";
    inv.atMost(3, usage);
    String arg = inv.word(2);
    if (arg == null) {
      return ConfigWriter.toJson(inv.dp.config()) + "\n";
    }
    if (arg.equals("version")) {
      return inv.dp.version() + "\n";
    }
    throw CliError.usage(usage);
  }

  private static String getWeight(Invocation inv) {
    inv.atMost(3, "get weight <backend>/<server>");
    var s = inv.server(2);
    Server config = s.config();
    int initial = inv.weights.initial(s.backend().name(), s.name(), config.weight());
    return config.weight() + " (initial " + initial + ")\n";
  }
}
