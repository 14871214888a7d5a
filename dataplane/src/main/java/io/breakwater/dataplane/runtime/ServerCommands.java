package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.runtime.Command.help;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.proxy.ServerState;
import java.util.List;

/**
 * The commands that act on one server, with HAProxy's syntax and messages. Those HAProxy answers
 * with nothing on success answer nothing here either.
 */
final class ServerCommands {
  private static final String SET_SERVER_ONLY =
      "'set server <srv>' only supports 'state', 'weight' and 'addr'.";
  private static final String ADD_USAGE =
      "add server <backend>/<server> <addr>:<port> [weight <w>] [maxconn <n>]";
  private static final String SOCKET_COMMAND = " by 'stats socket command'";

  private ServerCommands() {}

  static void register(List<Command> t) {
    t.add(
        Command.change(
            "set server",
            OPERATOR,
            ServerCommands::setServer,
            help(
                "set server <backend>/<server> state ready|drain|maint",
                OPERATOR,
                "in rotation, no new requests, or out with checks paused"),
            help(
                "set server <backend>/<server> weight <w>[%]",
                OPERATOR, "weight 0..256, or percent of the initial weight"),
            help(
                "set server <backend>/<server> addr <ip> [port <port>]",
                ADMIN,
                "move a server to another address")));
    t.add(
        Command.change(
            "set weight",
            OPERATOR,
            inv -> {
              inv.atMost(4, "set weight <backend>/<server> <w>[%]");
              return setWeight(inv, inv.server(2), inv.word(3));
            },
            help("set weight <backend>/<server> <w>[%]", OPERATOR, "same as set server weight")));
    t.add(
        Command.change(
            "set maxconn server",
            OPERATOR,
            ServerCommands::setMaxconn,
            help(
                "set maxconn server <backend>/<server> <n>",
                OPERATOR,
                "a server's concurrent requests, 0 for unlimited")));
    t.add(adminState("enable server", AdminState.READY, "put a server back in rotation"));
    t.add(adminState("disable server", AdminState.MAINT, "take a server out (MAINT)"));
    t.add(health("enable health", true, "resume a server's health checks"));
    t.add(health("disable health", false, "stop a server's health checks (it counts as UP)"));
    t.add(
        Command.change(
            "add server",
            ADMIN,
            ServerCommands::addServer,
            help(ADD_USAGE, ADMIN, "add a server, in MAINT until enabled")));
    t.add(
        Command.change(
            "del server",
            ADMIN,
            ServerCommands::delServer,
            help("del server <backend>/<server>", ADMIN, "delete a server in MAINT and idle")));
  }

  private static String setServer(Invocation inv) {
    String what = inv.word(3);
    if ("addr".equals(what)) {
      inv.require(ADMIN);
    }
    ServerState s = inv.server(2);
    if (what == null) {
      throw new CliError(SET_SERVER_ONLY);
    }
    switch (what) {
      case "state" -> {
        inv.atMost(5, "set server <backend>/<server> state ready|drain|maint");
        AdminState state = adminState(inv.word(4));
        if (state == null) {
          throw new CliError("'set server <srv> state' expects 'ready', 'drain' and 'maint'.");
        }
        inv.dp.setAdminState(s.backend().name(), s.name(), state);
        return "";
      }
      case "weight" -> {
        inv.atMost(5, "set server <backend>/<server> weight <w>[%]");
        return setWeight(inv, s, inv.word(4));
      }
      case "addr" -> {
        return setAddress(inv, s);
      }
      default -> throw new CliError(SET_SERVER_ONLY);
    }
  }

  private static AdminState adminState(String word) {
    if (word == null) {
      return null;
    }
    for (AdminState a : AdminState.values()) {
      if (a.configName().equals(word)) {
        return a;
      }
    }
    return null;
  }

  /** HAProxy's weight syntax and messages ({@code server_parse_weight_change_request}). */
  private static String setWeight(Invocation inv, ServerState s, String text) {
    if (text == null || text.isEmpty()) {
      throw new CliError("Require <weight> or <weight%>.");
    }
    boolean relative = text.endsWith("%");
    String digits = relative ? text.substring(0, text.length() - 1) : text;
    long w;
    try {
      w = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new CliError("Trailing garbage in weight string.");
    }
    String backend = s.backend().name();
    // One lock for read, compute and write, so two clients' relative changes cannot interleave.
    synchronized (inv.weights) {
      int current = s.config().weight();
      int initial = inv.weights.initial(backend, s.name(), current);
      int weight;
      if (relative) {
        if (w < 0) {
          throw new CliError("Relative weight must be positive.");
        }
        weight = (int) Math.min(Server.MAX_WEIGHT, initial * Math.min(w, 25_600) / 100);
      } else if (w < 0 || w > Server.MAX_WEIGHT) {
        throw new CliError("Absolute weight can only be between 0 and 256 inclusive.");
      } else {
        weight = (int) w;
      }
      if (weight != current) {
        inv.dp.setWeight(backend, s.name(), weight);
      }
      inv.weights.set(backend, s.name(), initial, weight);
    }
    return "";
  }

  /** HAProxy's answer names what changed: {@code IP changed from 'a' to 'b' by '…'}. */
  private static String setAddress(Invocation inv, ServerState s) {
    String usage = "set server <backend>/<server> addr <ip> [port <port>]";
    String ip = inv.word(4);
    if (ip == null) {
      throw CliError.usage(usage);
    }
    HostPort old = s.config().address();
    Integer port = null;
    if (inv.size() > 5) {
      if (inv.size() != 7 || !"port".equals(inv.word(5))) {
        throw CliError.usage(usage);
      }
      port = port(inv.word(6));
    }
    String host = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    int newPort = port == null ? old.port() : port;
    HostPort moved =
        HostPort.parse((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + newPort);
    if (moved == null) {
      throw new CliError("Could not understand IP address format.");
    }
    boolean ipChanged = !moved.host().equals(old.host());
    boolean portChanged = port != null && newPort != old.port();
    if (ipChanged || portChanged) {
      inv.dp.setAddress(s.backend().name(), s.name(), moved);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        ipChanged
            ? "IP changed from '" + old.host() + "' to '" + moved.host() + "'"
            : "no need to change the addr");
    if (port != null) {
      sb.append(
          portChanged
              ? ", port changed from '" + old.port() + "' to '" + newPort + "'"
              : ", no need to change the port");
    }
    return sb.append(SOCKET_COMMAND).append('\n').toString();
  }

  private static int port(String word) {
    try {
      int p = Integer.parseInt(word);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new CliError("Port must be a number between 1 and 65535.");
  }

  private static String setMaxconn(Invocation inv) {
    inv.atMost(5, "set maxconn server <backend>/<server> <n>");
    ServerState s = inv.server(3);
    String text = inv.word(4);
    if (text == null) {
      throw new CliError("Require <maxconn>.");
    }
    int n;
    try {
      n = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new CliError("Trailing garbage in maxconn string.");
    }
    if (n != s.config().maxconn()) {
      inv.dp.setMaxconn(s.backend().name(), s.name(), n);
    }
    return "";
  }

  private static Command adminState(String key, AdminState state, String description) {
    String usage = key + " <backend>/<server>";
    return Command.change(
        key,
        OPERATOR,
        inv -> {
          inv.atMost(3, usage);
          ServerState s = inv.server(2);
          inv.dp.setAdminState(s.backend().name(), s.name(), state);
          return "";
        },
        help(usage, OPERATOR, description));
  }

  private static Command health(String key, boolean enabled, String description) {
    String usage = key + " <backend>/<server>";
    return Command.change(
        key,
        OPERATOR,
        inv -> {
          inv.atMost(3, usage);
          ServerState s = inv.server(2);
          if (s.config().healthCheck() == null) {
            throw new CliError(
                "Health checks are not configured on this server, cannot "
                    + (enabled ? "enable" : "disable")
                    + ".");
          }
          inv.dp.setHealthChecks(s.backend().name(), s.name(), enabled);
          return "";
        },
        help(usage, OPERATOR, description));
  }

  /**
   * HAProxy adds dynamic servers in MAINT: the operator enables them when ready. The server gets
   * its backend's health check (paused while in MAINT) and {@code defaults.maxconn} unless given.
   */
  private static String addServer(Invocation inv) {
    ServerRef ref = ServerRef.parse(inv.word(2));
    if (inv.dp.backend(ref.backend()) == null) {
      throw new CliError("No such backend.");
    }
    if (inv.dp.server(ref.backend(), ref.server()) != null) {
      throw new CliError("Already exists a server with the same name in backend.");
    }
    String addr = inv.word(3);
    if (addr == null || inv.size() % 2 != 0) {
      throw CliError.usage(ADD_USAGE);
    }
    HostPort address = HostPort.parse(addr);
    if (address == null) {
      throw new CliError("'" + addr + "' is not <ip>:<port> or <name>:<port>.");
    }
    int weight = Server.DEFAULT_WEIGHT;
    int maxconn = inv.dp.config().defaults().maxconn();
    for (int i = 4; i < inv.size(); i += 2) {
      String value = inv.word(i + 1);
      switch (inv.word(i)) {
        case "weight" -> {
          weight = number(value, "weight");
          if (weight > Server.MAX_WEIGHT) {
            throw new CliError("Absolute weight can only be between 0 and 256 inclusive.");
          }
        }
        case "maxconn" -> maxconn = number(value, "maxconn");
        default ->
            throw new CliError(
                "'add server' does not know '" + inv.word(i) + "' (expected: weight, maxconn).");
      }
    }
    Server server = new Server(ref.server(), address, weight, maxconn, InitialState.UP, null);
    inv.dp.addServer(ref.backend(), server, AdminState.MAINT);
    return "New server registered.\n";
  }

  private static int number(String text, String what) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new CliError("'" + what + "' expects a number >= 0.");
  }

  /** HAProxy deletes only a server in MAINT with nothing in flight. */
  private static String delServer(Invocation inv) {
    inv.atMost(3, "del server <backend>/<server>");
    ServerState s = inv.server(2);
    if (s.adminState() != AdminState.MAINT) {
      throw new CliError("Only servers in maintenance mode can be deleted.");
    }
    if (s.active() > 0) {
      throw new CliError("Server still has connections attached to it, cannot remove it.");
    }
    inv.dp.deleteServer(s.backend().name(), s.name());
    inv.weights.forget(s.backend().name(), s.name());
    return "Server deleted.\n";
  }
}
