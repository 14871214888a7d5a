package io.breakwater.dataplane;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.stats.CapturedError;
import io.breakwater.dataplane.stats.ClientSession;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Runtime API's show errors, show sess and add server need from the dataplane. */
class InspectionApiIT {
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

  @Test
  void aServerAddedInMaintTakesNoRequestUntilReady() throws Exception {
    dp.addServer("app", server("b", b.port()), AdminState.MAINT);
    assertThat(dp.server("app", "b").adminState()).isEqualTo(AdminState.MAINT);
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      for (int i = 0; i < 10; i++) {
        assertThat(c.get("/", "t").header("x-echo-server")).isEqualTo("a");
      }
    }
    dp.setAdminState("app", "a", AdminState.MAINT);
    dp.setAdminState("app", "b", AdminState.READY);
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      assertThat(c.get("/", "t").header("x-echo-server")).isEqualTo("b");
    }
  }

  @Test
  void malformedRequestsAreCapturedWithTheirClientAndReason() throws Exception {
    assertThat(dp.recentErrors()).isEmpty();
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n").read().status())
          .isEqualTo(400);
      String client = "127.0.0.1:" + c.localPort();
      List<CapturedError> errors = dp.recentErrors();
      assertThat(errors).hasSize(1);
      CapturedError e = errors.get(0);
      assertThat(e.frontend()).isEqualTo("http");
      assertThat(e.client()).isEqualTo(client);
      assertThat(e.response()).isFalse();
      assertThat(e.kind()).isEqualTo(ProxyErrorKind.BAD_REQUEST);
      assertThat(e.event()).isEqualTo(1);
      assertThat(e.reason()).isNotBlank();
    }
  }

  @Test
  void openClientConnectionsAreListed() throws Exception {
    try (RawHttp c = RawHttp.connect(dp.port("http"))) {
      assertThat(c.get("/", "t").status()).isEqualTo(200);
      String client = "127.0.0.1:" + c.localPort();
      List<ClientSession> sessions = dp.sessions();
      assertThat(sessions).extracting(ClientSession::client).contains(client);
      assertThat(sessions).extracting(ClientSession::frontend).containsOnly("http");
    }
    Await.until(() -> dp.sessions().isEmpty());
  }
}
