package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoFault;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When every server fails, retries must not multiply the load: the attempts the backends receive
 * beyond the clients' own requests stay within the retry budget.
 */
class RetryBudgetIT {
  private static final double RATIO = 0.2;
  private static final int MIN_PER_SECOND = 2;
  private static final Duration WINDOW = Duration.ofSeconds(2);

  @Test
  void retriesStayWithinTheBudgetWhenEveryServerFails() throws Exception {
    try (EchoServer a = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
        EchoServer b = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "b")) {
      a.fault(EchoFault.error());
      b.fault(EchoFault.error());
      Retries retries =
          new Retries(
              3,
              Set.of(Retries.On.CONN_FAILURE),
              Set.of(503),
              true,
              null,
              new Retries.Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 0),
              Retries.DEFAULT_BUFFER_LIMIT,
              false,
              new Retries.Budget(RATIO, MIN_PER_SECOND, WINDOW));
      BackendPolicy policy =
          new BackendPolicy(null, null, retries, null, null, Limits.NONE, null, null);
      Timeouts t = Timeouts.DEFAULT;
      Config c =
          new Config(
              new Global(1, 1000, Transport.AUTO, Duration.ofSeconds(5)),
              Defaults.DEFAULT,
              List.of(new Frontend("http", new HostPort("127.0.0.1", 0), "app", List.of(), t)),
              List.of(
                  new Backend(
                      "app",
                      Balance.ROUNDROBIN,
                      0,
                      t,
                      policy,
                      List.of(
                          new Server("a", new HostPort("127.0.0.1", a.port()), 1, 0),
                          new Server("b", new HostPort("127.0.0.1", b.port()), 1, 0)))));
      try (Dataplane dp = Dataplane.start(c)) {
        long requests = 0;
        long start = System.nanoTime();
        try (RawHttp client = RawHttp.connect(dp.port("http"))) {
          // 4 s of requests, one after the other, every one failing.
          while (System.nanoTime() - start < Duration.ofSeconds(4).toNanos()) {
            assertThat(client.get("/", "t").status()).isEqualTo(503);
            requests++;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long attempts =
            dp.server("app", "a").stats().requests() + dp.server("app", "b").stats().requests();
        long extra = attempts - requests;
        long retried = dp.backend("app").state().stats().retries();
        assertThat(extra).isEqualTo(retried);
        // Without a budget every request would be tried 4 times: 300% extra load.
        double bound = RATIO * requests + MIN_PER_SECOND * (seconds + WINDOW.toSeconds());
        System.out.printf(
            "retry budget: %d requests, %d retries (%.1f%% extra load), bound %.0f, %d denied%n",
            requests,
            extra,
            100.0 * extra / requests,
            bound,
            dp.backend("app").state().budget().denied());
        assertThat((double) extra)
            .as(
                "%d retries for %d requests in %.1f s (bound %.0f)",
                extra, requests, seconds, bound)
            .isPositive()
            .isLessThanOrEqualTo(bound);
        assertThat(dp.backend("app").state().budget().denied()).isPositive();
      }
    }
  }
}
