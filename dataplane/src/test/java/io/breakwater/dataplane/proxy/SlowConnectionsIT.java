package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 §3: while 1,000 slow connections are open (half of them slowloris, trickling header
 * bytes; half slow-body, trickling a declared body), normal requests still get through, and the
 * slow ones are closed by {@code timeouts.httpRequest} and {@code timeouts.client}.
 *
 * <p>Each slow connection costs the proxy a channel and a timer, no thread; the event loops stay
 * free. The timeouts are a few seconds so that opening the connections on a loaded machine cannot
 * outrun them, and the whole test stays well under 30 s.
 */
class SlowConnectionsIT {
  private static final int SLOW = 1_000;
  private static final int NORMAL = 100;
  private static final Duration SLOW_TIMEOUT = Duration.ofSeconds(12);

  @Test
  void normalRequestsGetThroughWhileAThousandSlowConnectionsAreOpen() throws Exception {
    // Two sockets per slow connection in this JVM (client and proxy side) plus the normal ones.
    assertThat(openFileLimit()).as("ulimit -n").isGreaterThan(2L * SLOW + 500);
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
        Dataplane dp =
            Dataplane.start(
                ClientHardeningIT.anyPort(
                    ConfigLoader.parse(
                        """
                        global: {maxconn: 5000}
                        frontends:
                          - name: http
                            listen: 127.0.0.1:1
                            defaultBackend: b
                            timeouts: {httpRequest: 12s, client: 12s}
                        backends:
                          - {name: b, servers: [{name: e, address: "127.0.0.1:%d"}]}
                        """
                            .formatted(echo.port()),
                        "slow.yaml")))) {
      int port = dp.port("http");
      List<Socket> slow = new ArrayList<>(SLOW);
      try {
        long opening = System.nanoTime();
        for (int i = 0; i < SLOW; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
          s.setSoTimeout(20_000);
          slow.add(s);
          // Slowloris: an unfinished head. Slow body: a head promising more than it sends.
          write(
              s,
              i % 2 == 0
                  ? "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "
                  : "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nab");
        }
        FrontendState fs = dp.frontend("http");
        Await.until(() -> fs.connections() >= SLOW, Duration.ofSeconds(10));
        // One more dribble each: a byte of a header value, a byte of body.
        for (int i = 0; i < SLOW; i++) {
          write(slow.get(i), i % 2 == 0 ? "a" : "c");
        }

        // Normal requests, several at once, each on its own connection.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
          long n0 = System.nanoTime();
          List<Future<Integer>> answers = new ArrayList<>();
          for (int i = 0; i < NORMAL; i++) {
            answers.add(
                pool.submit(
                    () -> {
                      try (RawHttp c = new RawHttp(port, 5_000)) {
                        return c.get("/", "t").status();
                      }
                    }));
          }
          for (Future<Integer> a : answers) {
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(200);
          }
          long normalMillis = (System.nanoTime() - n0) / 1_000_000;
          assertThat(normalMillis).as("time for %d normal requests", NORMAL).isLessThan(10_000);
          // They were served while the slow ones were all still open: none can have timed out
          // yet unless the machine is so loaded that this point came after their timeout.
          long sinceOpening = System.nanoTime() - opening;
          if (sinceOpening < SLOW_TIMEOUT.toNanos() - TimeUnit.SECONDS.toNanos(1)) {
            assertThat(fs.connections())
                .as("open after %d ms", sinceOpening / 1_000_000)
                .isGreaterThanOrEqualTo(SLOW);
          }
        } finally {
          pool.shutdownNow();
        }

        // Then every slow connection is answered 408 by its timeout, and closed.
        int answered408 = 0;
        for (Socket s : slow) {
          String answer = readAll(s);
          if (answer.startsWith("HTTP/1.1 408 ")) {
            answered408++;
          }
        }
        assertThat(answered408).isEqualTo(SLOW);
        Await.until(() -> fs.connections() == 0, Duration.ofSeconds(10));
        // A slow body's head is forwarded at once and its body streamed; the 408 closes the
        // server's connection too. What stays open at the server are the pooled connections of
        // the normal requests (at most one per request), not the 500 slow bodies'.
        assertThat(echo.requests()).isEqualTo(NORMAL + SLOW / 2);
        Await.until(() -> echo.activeConnections() <= NORMAL, Duration.ofSeconds(10));
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** Everything the proxy sends until it closes the connection; fails if it does not. */
  private static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("a slow connection was not closed by its timeout", e);
    }
  }

  private static long openFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return Long.MAX_VALUE;
  }
}
