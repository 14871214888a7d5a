package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Global maxconn and per-server maxconn with its FIFO queue, on real sockets. */
class LimitsIT {

  @Test
  void globalMaxconnHoldsFurtherConnectionsUntilOneCloses() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e");
        Dataplane dp =
            Dataplane.start(
                TestConfig.create()
                    .global(1, 2, Transport.AUTO)
                    .backend("b", server("e", echo.port()))
                    .build())) {
      int port = dp.port("http");
      RawHttp first = new RawHttp(port);
      RawHttp second = new RawHttp(port);
      assertThat(first.get("/", "t").status()).isEqualTo(200);
      assertThat(second.get("/", "t").status()).isEqualTo(200);
      Await.until(() -> dp.connections() == 2);
      try (RawHttp third = new RawHttp(port, 300)) {
        // Connected in the kernel backlog, but not accepted: no answer while two are open.
        third.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(third.closedByPeer()).isFalse();
        assertThat(dp.connections()).isEqualTo(2);
        first.close();
        third.socket().setSoTimeout(10_000);
        assertThat(third.read().status()).isEqualTo(200);
      }
      second.close();
    }
  }

  @Test
  void perServerMaxconnQueuesRequestsInArrivalOrder() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e");
        Dataplane dp =
            Dataplane.start(
                TestConfig.create()
                    .backend("b", Balance.ROUNDROBIN, 0, server("e", echo.port(), 1, 1))
                    .build())) {
      int port = dp.port("http");
      try (RawHttp c1 = new RawHttp(port);
          RawHttp c2 = new RawHttp(port);
          RawHttp c3 = new RawHttp(port)) {
        // Long enough that c2 and c3 are both queued behind it even on a loaded machine.
        c1.send("GET /?delay=2s HTTP/1.1\r\nHost: t\r\n\r\n");
        Await.until(() -> echo.requests() == 1);
        c2.send("GET /two HTTP/1.1\r\nHost: t\r\n\r\n");
        Await.until(() -> dp.backend("b").state().queued() == 1);
        c3.send("GET /three HTTP/1.1\r\nHost: t\r\n\r\n");
        Await.until(() -> dp.backend("b").state().queued() == 2);
        assertThat(dp.server("b", "e").active()).isEqualTo(1);
        assertThat(c1.read().status()).isEqualTo(200);
        assertThat(c2.read().text()).contains("\"path\":\"/two\"");
        assertThat(c3.read().text()).contains("\"path\":\"/three\"");
      }
    }
  }
}
