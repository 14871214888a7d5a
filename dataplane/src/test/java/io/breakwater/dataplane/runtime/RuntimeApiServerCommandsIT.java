package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server commands, each with its success and its errors (HAProxy's texts). */
class RuntimeApiServerCommandsIT {
  @TempDir Path dir;
  private RuntimeFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private String servedBy() throws Exception {
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      return c.get("/", "t").header("x-echo-server");
    }
  }

  @Test
  void setServerStateMovesBetweenReadyDrainAndMaint() throws Exception {
    assertThat(f.run(OPERATOR, "set server app/a state drain")).isEmpty();
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.DRAIN);
    assertThat(f.run(OPERATOR, "set server app/a state maint")).isEmpty();
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(servedBy()).isEqualTo("b");
    assertThat(f.run(OPERATOR, "set server app/a state ready")).isEmpty();
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);
  }

  @Test
  void serverArgumentsAreCheckedWithHaproxysMessages() throws Exception {
    long v = f.dp.version();
    assertThat(f.run(OPERATOR, "set server app state ready"))
        .isEqualTo("Require 'backend/server'.\n");
    assertThat(f.run(OPERATOR, "set server nope/a state ready")).isEqualTo("No such backend.\n");
    assertThat(f.run(OPERATOR, "set server app/nope state ready")).isEqualTo("No such server.\n");
    assertThat(f.run(OPERATOR, "set server app/a state up"))
        .isEqualTo("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n");
    assertThat(f.run(OPERATOR, "set server app/a frobnicate"))
        .isEqualTo("'set server <srv>' only supports 'state', 'weight' and 'addr'.\n");
    assertThat(f.run(OPERATOR, "set server app/a state ready now"))
        .isEqualTo("Usage: set server <backend>/<server> state ready|drain|maint\n");
    assertThat(f.dp.version()).isEqualTo(v);
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);
  }

  @Test
  void weightsAreAbsoluteOrPercentOfTheInitialWeight() throws Exception {
    assertThat(f.run(USER, "get weight app/a")).isEqualTo("1 (initial 1)\n");
    assertThat(f.run(OPERATOR, "set server app/a weight 4")).isEmpty();
    assertThat(f.dp.config().backend("app").servers().get(0).weight()).isEqualTo(4);
    assertThat(f.run(USER, "get weight app/a")).isEqualTo("4 (initial 1)\n");
    assertThat(f.run(OPERATOR, "set weight app/a 300%")).isEmpty();
    assertThat(f.run(USER, "get weight app/a")).isEqualTo("3 (initial 1)\n");
    assertThat(f.run(OPERATOR, "set server app/a weight 0%")).isEmpty();
    assertThat(f.run(OPERATOR, "set server app/a weight 100%")).isEmpty();
    assertThat(f.run(USER, "get weight app/a")).isEqualTo("1 (initial 1)\n");
    // A weight set by someone else (the controller) is the initial weight again.
    f.dp.setWeight("app", "a", 10);
    assertThat(f.run(OPERATOR, "set server app/a weight 50%")).isEmpty();
    assertThat(f.run(USER, "get weight app/a")).isEqualTo("5 (initial 10)\n");
  }

  @Test
  void badWeightsAreRefusedAndChangeNothing() throws Exception {
    long v = f.dp.version();
    assertThat(f.run(OPERATOR, "set server app/a weight 300"))
        .isEqualTo("Absolute weight can only be between 0 and 256 inclusive.\n");
    assertThat(f.run(OPERATOR, "set server app/a weight -5%"))
        .isEqualTo("Relative weight must be positive.\n");
    assertThat(f.run(OPERATOR, "set server app/a weight x"))
        .isEqualTo("Trailing garbage in weight string.\n");
    assertThat(f.run(OPERATOR, "set server app/a weight"))
        .isEqualTo("Require <weight> or <weight%>.\n");
    assertThat(f.dp.version()).isEqualTo(v);
  }

  @Test
  void setAddrMovesTheServerAndSaysWhatChanged() throws Exception {
    int pa = f.a.port();
    int pb = f.b.port();
    assertThat(f.admin("set server app/a addr 127.0.0.1 port " + pb))
        .isEqualTo(
            "no need to change the addr, port changed from '"
                + pa
                + "' to '"
                + pb
                + "' by 'stats socket command'\n");
    assertThat(f.dp.config().backend("app").servers().get(0).address())
        .isEqualTo(new HostPort("127.0.0.1", pb));
    assertThat(f.admin("set server app/a addr 127.0.0.2"))
        .isEqualTo("IP changed from '127.0.0.1' to '127.0.0.2' by 'stats socket command'\n");
    assertThat(f.admin("set server app/a addr 127.0.0.2 port " + pb))
        .isEqualTo(
            "no need to change the addr, no need to change the port by 'stats socket command'\n");
    long v = f.dp.version();
    assertThat(f.admin("set server app/a addr 300.1.1.1"))
        .isEqualTo("Could not understand IP address format.\n");
    assertThat(f.admin("set server app/a addr 127.0.0.1 port 0"))
        .isEqualTo("Port must be a number between 1 and 65535.\n");
    assertThat(f.admin("set server app/a addr"))
        .isEqualTo("Usage: set server <backend>/<server> addr <ip> [port <port>]\n");
    assertThat(f.dp.version()).isEqualTo(v);
  }

  @Test
  void setMaxconnChangesTheLimitOrExplains() throws Exception {
    assertThat(f.run(OPERATOR, "set maxconn server app/a 5")).isEmpty();
    assertThat(f.dp.config().backend("app").servers().get(0).maxconn()).isEqualTo(5);
    long v = f.dp.version();
    assertThat(f.run(OPERATOR, "set maxconn server app/a x"))
        .isEqualTo("Trailing garbage in maxconn string.\n");
    assertThat(f.run(OPERATOR, "set maxconn server app/a")).isEqualTo("Require <maxconn>.\n");
    assertThat(f.run(OPERATOR, "set maxconn server app/a -1"))
        .isEqualTo("backends[0].servers[0].maxconn: -1 (expected: >= 0)\n");
    assertThat(f.dp.version()).isEqualTo(v);
  }

  @Test
  void enableAndDisableServerAndHealth() throws Exception {
    assertThat(f.run(OPERATOR, "disable server app/a")).isEmpty();
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(f.run(OPERATOR, "enable server app/a")).isEmpty();
    assertThat(f.dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);

    assertThat(f.run(OPERATOR, "disable health checked/c")).isEmpty();
    assertThat(f.dp.stats().backends().get(1).servers().get(0).checksEnabled()).isFalse();
    assertThat(f.run(OPERATOR, "enable health checked/c")).isEmpty();
    assertThat(f.dp.stats().backends().get(1).servers().get(0).checksEnabled()).isTrue();
    assertThat(f.run(OPERATOR, "disable health app/a"))
        .isEqualTo("Health checks are not configured on this server, cannot disable.\n");
    assertThat(f.run(OPERATOR, "enable server app")).isEqualTo("Require 'backend/server'.\n");
  }

  @Test
  void addedServersStartInMaintAndTakeTrafficOnceEnabled() throws Exception {
    String addr = "127.0.0.1:" + f.b.port();
    assertThat(f.admin("set server app/b state maint")).isEmpty();
    assertThat(f.admin("add server app/n " + addr + " weight 3 maxconn 7"))
        .isEqualTo("New server registered.\n");
    assertThat(f.dp.server("app", "n").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(f.dp.server("app", "n").config().weight()).isEqualTo(3);
    assertThat(f.dp.server("app", "n").config().maxconn()).isEqualTo(7);
    assertThat(f.admin("set server app/a state maint")).isEmpty();
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      assertThat(c.get("/", "t").status()).isEqualTo(503);
    }
    assertThat(f.admin("enable server app/n")).isEmpty();
    assertThat(servedBy()).isEqualTo("b");

    assertThat(f.admin("add server app/n " + addr))
        .isEqualTo("Already exists a server with the same name in backend.\n");
    assertThat(f.admin("add server nope/n " + addr)).isEqualTo("No such backend.\n");
    assertThat(f.admin("add server app/m 10.0.0:80"))
        .isEqualTo("'10.0.0:80' is not <ip>:<port> or <name>:<port>.\n");
    assertThat(f.admin("add server app/m " + addr + " colour red"))
        .isEqualTo("'add server' does not know 'colour' (expected: weight, maxconn).\n");
    assertThat(f.admin("add server app/m " + addr + " weight 999"))
        .isEqualTo("Absolute weight can only be between 0 and 256 inclusive.\n");
    assertThat(f.admin("add server app/m"))
        .isEqualTo(
            "Usage: add server <backend>/<server> <addr>:<port> [weight <w>] [maxconn <n>]\n");
    assertThat(f.dp.server("app", "m")).isNull();
  }

  @Test
  void onlyIdleServersInMaintCanBeDeleted() throws Exception {
    assertThat(f.admin("del server app/b"))
        .isEqualTo("Only servers in maintenance mode can be deleted.\n");
    assertThat(f.admin("disable server app/b")).isEmpty();
    assertThat(f.admin("del server app/b")).isEqualTo("Server deleted.\n");
    assertThat(f.dp.server("app", "b")).isNull();
    assertThat(f.admin("del server app/b")).isEqualTo("No such server.\n");
  }

  @Test
  void aServerWithARequestInFlightIsNotDeleted() throws Exception {
    assertThat(f.admin("disable server app/b")).isEmpty();
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      c.send("GET /?delay=10s HTTP/1.1\r\nHost: t\r\n\r\n");
      Await.until(() -> f.dp.server("app", "a").active() == 1);
      assertThat(f.admin("disable server app/a")).isEmpty();
      assertThat(f.admin("del server app/a"))
          .isEqualTo("Server still has connections attached to it, cannot remove it.\n");
    }
    assertThat(f.dp.server("app", "a")).isNotNull();
  }

  @Test
  void clearCountersResetsEveryCounter() throws Exception {
    assertThat(servedBy()).isNotNull();
    Await.until(() -> f.dp.stats().frontends().get(0).requests() == 1);
    assertThat(f.run(OPERATOR, "clear counters")).isEmpty();
    assertThat(f.dp.stats().frontends().get(0).requests()).isZero();
    assertThat(servedBy()).isNotNull();
    assertThat(f.run(OPERATOR, "clear counters all")).isEmpty();
    assertThat(f.dp.stats().backends().get(0).requests()).isZero();
    assertThat(f.run(OPERATOR, "clear counters some")).isEqualTo("Usage: clear counters [all]\n");
  }
}
