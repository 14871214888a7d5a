package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.runtime.Command.help;

import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Server;
import java.util.List;

/**
 * Breakwater's own commands for whole server sets and whole configs, and {@code clear counters}.
 * Changes answer {@code New config version N}.
 */
final class ConfigCommands {
  /** The source name in messages about a config or servers sent through the Runtime API. */
  static final String SOURCE = "runtime api";

  private ConfigCommands() {}

  static void register(List<Command> t) {
    t.add(
        Command.change(
            "clear counters",
            OPERATOR,
            inv -> {
              inv.atMost(3, "clear counters [all]");
              if (inv.word(2) != null && !inv.word(2).equals("all")) {
                throw CliError.usage("clear counters [all]");
              }
              inv.dp.clearCounters();
              return "";
            },
            help("clear counters [all]", OPERATOR, "reset every counter, maxima included")));
    t.add(
        Command.change(
            "set backend",
            ADMIN,
            4, // the servers list is logged by its size
            ConfigCommands::setServers,
            help(
                "set backend <backend> servers <json>",
                ADMIN,
                "replace a backend's servers in one change (<json> or a << payload)")));
    t.add(
        Command.change(
            "set config",
            ADMIN,
            3, // the config (TLS keys included) is logged by its size only
            ConfigCommands::setConfig,
            help(
                "set config <version> <json|yaml>",
                ADMIN,
                "replace the whole config if <version> still runs (a << payload)")));
  }

  private static String setServers(Invocation inv) {
    String usage = "set backend <backend> servers <json>";
    String backend = inv.word(2);
    if (backend == null || !"servers".equals(inv.word(3))) {
      throw CliError.usage(usage);
    }
    if (inv.dp.backend(backend) == null) {
      throw new CliError("No such backend.");
    }
    String document = inv.document(4);
    if (document.isBlank()) {
      throw new CliError("A servers list is required: " + usage + " (or a << payload).");
    }
    List<Server> servers = ConfigLoader.parseServers(document, inv.dp.config(), backend);
    return newVersion(inv.dp.setServers(backend, servers));
  }

  /**
   * The config replaces the running one only if {@code <version>} is still the running config's
   * version, so that a read, edit and write never undoes someone else's change. An empty document
   * would be a valid config without any frontend; it is refused here as the likelier mistake.
   */
  private static String setConfig(Invocation inv) {
    String usage = "set config <version> <json|yaml>";
    String v = inv.word(2);
    long version;
    try {
      version = Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw CliError.usage(usage);
    }
    String document = inv.document(3);
    if (document.isBlank()) {
      throw new CliError("A config is required: " + usage + " (or a << payload).");
    }
    Config config = ConfigLoader.parse(document, SOURCE);
    return newVersion(inv.dp.apply(version, config));
  }

  private static String newVersion(long version) {
    return "New config version " + version + "\n";
  }
}
