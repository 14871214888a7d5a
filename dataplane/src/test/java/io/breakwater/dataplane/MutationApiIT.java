package io.breakwater.dataplane;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one mutation path (what the Runtime API, REST API and controller call) and the snapshot. */
class MutationApiIT {
  private EchoServer a;
  private EchoServer b;
  private Dataplane dp;

  @BeforeEach
  void start() {
    a = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    b = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "b");
    dp = Dataplane.start(TestConfig.create().backend("app", server("a", a.port())).build());
  }

  @AfterEach
  void stop() {
    dp.close();
    a.close();
    b.close();
  }

  private String servedBy() throws Exception {
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      return c.get("/", "t").header("x-echo-server");
    }
  }

  @Test
  void everyChangeIsANewVersionAndStaleWritersAreRefused() {
    long v = dp.version();
    long v2 = dp.setWeight("app", "a", 7);
    assertThat(v2).isEqualTo(v + 1).isEqualTo(dp.version());
    assertThat(dp.config().backend("app").servers().get(0).weight()).isEqualTo(7);
    assertThatThrownBy(() -> dp.apply(v, dp.config()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the running config's version " + v2);
    assertThat(dp.apply(v2, dp.config())).isEqualTo(v2 + 1);
  }

  @Test
  void addMoveAndDeleteServers() throws Exception {
    assertThat(servedBy()).isEqualTo("a");
    dp.addServer("app", server("b", b.port()));
    assertThatThrownBy(() -> dp.addServer("app", server("b", b.port())))
        .hasMessageContaining("already has a server b");
    dp.setAdminState("app", "a", AdminState.MAINT);
    assertThat(servedBy()).isEqualTo("b");
    dp.deleteServer("app", "a");
    assertThat(dp.config().backend("app").servers()).hasSize(1);
    // Moving b to a's echo server: traffic follows the address.
    dp.setAddress("app", "b", new HostPort("127.0.0.1", a.port()));
    assertThat(servedBy()).isEqualTo("a");
  }

  @Test
  void deletingAServerInRotationIsRefusedAndChangesNothing() {
    long v = dp.version();
    assertThatThrownBy(() -> dp.deleteServer("app", "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is ready; put it in maint first");
    assertThatThrownBy(() -> dp.setWeight("app", "nope", 1))
        .hasMessageContaining("no server app/nope");
    assertThatThrownBy(() -> dp.setWeight("nope", "a", 1)).hasMessageContaining("no backend");
    assertThatThrownBy(() -> dp.setWeight("app", "a", 999)).hasMessageContaining("weight");
    assertThat(dp.version()).isEqualTo(v);
  }

  @Test
  void theSnapshotCountsKnownTraffic() throws Exception {
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.get("/?status=503", "t").status()).isEqualTo(503);
      }
      assertThat(c.get("/", "t").status()).isEqualTo(200);
    }
    StatsSnapshot s = dp.stats();
    assertThat(s.info().configVersion()).isEqualTo(dp.version());
    StatsSnapshot.Frontend f = s.frontends().get(0);
    assertThat(f.requests()).isEqualTo(6);
    assertThat(f.connectionsTotal()).isEqualTo(1);
    assertThat(f.responses().c5xx()).isEqualTo(5);
    assertThat(f.responses().c2xx()).isEqualTo(1);
    assertThat(f.bytesIn()).isPositive();
    StatsSnapshot.Backend be = s.backends().get(0);
    assertThat(be.name()).isEqualTo("app");
    assertThat(be.requests()).isEqualTo(6);
    assertThat(be.up()).isTrue();
    assertThat(be.timings().totalMax()).isGreaterThanOrEqualTo(be.timings().totalAvg());
    StatsSnapshot.Server sv = be.servers().get(0);
    assertThat(sv.requests()).isEqualTo(6);
    assertThat(sv.status()).isEqualTo("no check");
    assertThat(sv.address()).isEqualTo("127.0.0.1:" + a.port());

    dp.clearCounters();
    assertThat(dp.stats().frontends().get(0).requests()).isZero();
  }

  @Test
  void disablingHealthChecksCountsTheServerUp() {
    dp.setHealthChecks("app", "a", false);
    StatsSnapshot.Server sv = dp.stats().backends().get(0).servers().get(0);
    assertThat(sv.checksEnabled()).isFalse();
    assertThat(sv.up()).isTrue();
    dp.setHealthChecks("app", "a", true);
    assertThat(dp.stats().backends().get(0).servers().get(0).checksEnabled()).isTrue();
  }
}
