package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines far more requests than the proxy holds: the one in progress and {@value
 * FrontendHandler#MAX_PIPELINED} held ones are answered in order, the last of them with {@code
 * Connection: close}, and the connection closes; the rest get no answer (the client retries them).
 */
class PipelineLimitIT {
  private static final String GET = "GET /p HTTP/1.1\r\nHost: t\r\n\r\n";
  private static EchoServer echo;
  private static Dataplane dp;

  @BeforeAll
  static void start() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    dp = Dataplane.start(TestConfig.create().backend("b", server("echo", echo.port())).build());
  }

  @AfterAll
  static void stop() {
    dp.close();
    echo.close();
  }

  @Test
  void tooManyPipelinedRequestsAreAnsweredUpToTheLimitThenTheConnectionCloses() throws Exception {
    int answered = 0;
    RawHttp.Response last = null;
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      // One write: the proxy decodes them from one read, far beyond what it may hold.
      c.send(GET.repeat(200));
      while (last == null || !"close".equalsIgnoreCase(last.header("connection"))) {
        last = c.read();
        assertThat(last.status()).isEqualTo(200);
        answered++;
      }
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(answered).isEqualTo(FrontendHandler.MAX_PIPELINED + 1);
  }

  @Test
  void pipelinedRequestsWithinTheLimitAreAllAnsweredAndTheConnectionStaysOpen() throws Exception {
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send(
          GET.repeat(5)
              + "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
              + "POST /p HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "2\r\nde\r\n0\r\n\r\n"
              + GET);
      for (int i = 0; i < 8; i++) {
        RawHttp.Response r = c.read();
        assertThat(r.status()).as("response %d", i).isEqualTo(200);
        assertThat(r.header("connection")).as("response %d", i).isNotEqualToIgnoringCase("close");
      }
      assertThat(c.get("/p", "t").status()).isEqualTo(200);
    }
  }
}
