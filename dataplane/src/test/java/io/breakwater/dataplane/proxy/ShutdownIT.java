package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: stop accepting, finish what is in flight, close idle keep-alive connections.
 */
class ShutdownIT {

  @Test
  void finishesInFlightRequestsAndClosesIdleConnections() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e")) {
      Dataplane dp =
          Dataplane.start(TestConfig.create().backend("b", server("e", echo.port())).build());
      int port = dp.port("http");
      try (RawHttp busy = new RawHttp(port);
          RawHttp idle = new RawHttp(port)) {
        assertThat(idle.get("/", "t").status()).isEqualTo(200);
        busy.send("GET /?delay=700ms HTTP/1.1\r\nHost: t\r\n\r\n");
        Await.until(() -> echo.requests() == 2);

        CompletableFuture<Boolean> stopped =
            CompletableFuture.supplyAsync(() -> dp.shutdown(Duration.ofSeconds(10)));
        // The idle keep-alive connection is closed without an answer.
        assertThat(idle.closedByPeer()).isTrue();
        // The request in flight completes, announcing the close.
        RawHttp.Response r = busy.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(busy.closedByPeer()).isTrue();
        assertThat(stopped.get()).isTrue();
      }
      assertThatThrownBy(() -> new RawHttp(port).close()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void cutsConnectionsThatOutliveTheGracePeriod() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "e")) {
      Dataplane dp =
          Dataplane.start(TestConfig.create().backend("b", server("e", echo.port())).build());
      try (RawHttp slow = new RawHttp(dp.port("http"))) {
        slow.send("GET /?delay=20s HTTP/1.1\r\nHost: t\r\n\r\n");
        Await.until(() -> echo.requests() == 1);
        long t0 = System.nanoTime();
        assertThat(dp.shutdown(Duration.ofMillis(300))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(slow.closedByPeer()).isTrue();
      }
    }
  }
}
