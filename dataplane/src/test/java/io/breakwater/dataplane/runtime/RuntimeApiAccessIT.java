package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static io.breakwater.dataplane.config.AccessLevel.OPERATOR;
import static io.breakwater.dataplane.config.AccessLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.testing.RawHttp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command below its level gets {@code Permission denied} and changes nothing; at its level it
 * runs. Levels are Breakwater's (see docs/runtime-api.md), which let operators change server state
 * and weights where HAProxy asks for admin.
 */
class RuntimeApiAccessIT {
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

  /** Each command form with the least level that may run it. */
  private Map<String, AccessLevel> commands() {
    int port = f.b.port();
    return Map.ofEntries(
        Map.entry("help", USER),
        Map.entry("show info", USER),
        Map.entry("show stat", USER),
        Map.entry("show stat json", USER),
        Map.entry("show servers state", USER),
        Map.entry("show backend", USER),
        Map.entry("show sess", USER),
        Map.entry("show config", USER),
        Map.entry("show config version", USER),
        Map.entry("show cli level", USER),
        Map.entry("get weight app/a", USER),
        Map.entry("show errors", OPERATOR),
        Map.entry("set server app/a state drain", OPERATOR),
        Map.entry("set server app/a weight 5", OPERATOR),
        Map.entry("set weight app/a 5", OPERATOR),
        Map.entry("set maxconn server app/a 5", OPERATOR),
        Map.entry("disable server app/a", OPERATOR),
        Map.entry("enable server app/a", OPERATOR),
        Map.entry("disable health checked/c", OPERATOR),
        Map.entry("enable health checked/c", OPERATOR),
        Map.entry("clear counters", OPERATOR),
        Map.entry("clear counters all", OPERATOR),
        Map.entry("set server app/a addr 127.0.0.1 port " + port, ADMIN),
        Map.entry("add server app/n 127.0.0.1:" + port, ADMIN),
        Map.entry("del server app/b", ADMIN),
        Map.entry("set backend app servers []", ADMIN),
        Map.entry("set config 1 {}", ADMIN));
  }

  /** Everything a command could change: the config, server states, counters. */
  private record State(Config config, long version, List<String> servers, long requests) {}

  private State state() {
    StatsSnapshot s = f.dp.stats();
    List<String> servers =
        s.backends().stream()
            .flatMap(b -> b.servers().stream())
            .map(v -> v.name() + ":" + v.adminState() + ":" + v.checksEnabled())
            .toList();
    return new State(f.dp.config(), f.dp.version(), servers, s.frontends().get(0).requests());
  }

  @Test
  void everyCommandBelowItsLevelIsDeniedAndChangesNothing() throws Exception {
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
    State before = state();
    assertThat(before.requests()).isEqualTo(1);
    for (Map.Entry<String, AccessLevel> e : commands().entrySet()) {
      for (AccessLevel level : AccessLevel.values()) {
        if (!level.allows(e.getValue())) {
          assertThat(f.run(level, e.getKey()))
              .as("%s at level %s", e.getKey(), level)
              .isEqualTo("Permission denied\n");
          assertThat(state()).as("after %s at level %s", e.getKey(), level).isEqualTo(before);
        }
      }
    }
  }

  @Test
  void everyCommandRunsAtItsLevel() throws Exception {
    // Some may fail for other reasons (del server of a server in rotation): not for their level.
    for (Map.Entry<String, AccessLevel> e : commands().entrySet()) {
      assertThat(f.run(e.getValue(), e.getKey()))
          .as("%s at level %s", e.getKey(), e.getValue())
          .doesNotContain("Permission denied");
    }
  }

  @Test
  void aConnectionCanLowerItsLevelButNeverRaiseIt() throws Exception {
    assertThat(
            f.raw(
                ADMIN, "show cli level; operator; show cli level; set server app/a addr 127.0.0.2"))
        .isEqualTo("admin\n\n\noperator\n\nPermission denied\n\n");
    assertThat(f.raw(OPERATOR, "user; set server app/a state maint; show cli level"))
        .isEqualTo("\nPermission denied\n\nuser\n\n");
    assertThat(f.run(USER, "operator")).isEqualTo("Permission denied\n");
    assertThat(f.run(USER, "show cli level")).isEqualTo("user\n");
    assertThat(f.dp.version()).isEqualTo(1);
  }
}
