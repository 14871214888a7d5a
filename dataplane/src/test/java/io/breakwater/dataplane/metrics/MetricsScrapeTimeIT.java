package io.breakwater.dataplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.StatsPage;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.statspage.StatsServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scrape of a dataplane with 1,000 servers answers within 50 ms, end to end over HTTP. */
class MetricsScrapeTimeIT {
  private static final int BACKENDS = 50;
  private static final int SERVERS_PER_BACKEND = 20;
  private static final long LIMIT_MILLIS = 50;

  @Test
  void aScrapeOfAThousandServersTakesUnderFiftyMilliseconds() throws Exception {
    List<Backend> backends = new ArrayList<>();
    for (int b = 0; b < BACKENDS; b++) {
      List<Server> servers = new ArrayList<>();
      for (int s = 0; s < SERVERS_PER_BACKEND; s++) {
        // Nothing listens there and nothing is sent: the servers only need to exist.
        servers.add(new Server("pod-" + s, new HostPort("127.0.0.1", 10_000 + s), 1, 0));
      }
      backends.add(
          new Backend("ns-" + b + "/svc/80", Balance.ROUNDROBIN, 0, Timeouts.DEFAULT, servers));
    }
    Config base = TestConfig.create().build();
    StatsPage page =
        new StatsPage(new HostPort("127.0.0.1", 0), Duration.ofSeconds(5), null, null, false);
    Config config =
        new Config(
            base.global().withInterfaces(List.of(), page, null, AccessLog.OFF),
            base.defaults(),
            base.frontends(),
            backends);
    try (Dataplane dp = Dataplane.start(config);
        StatsServer stats = StatsServer.start(dp, dp.config().global().stats());
        RawHttp client = RawHttp.connect(stats.port())) {
      for (int i = 0; i < 30; i++) { // warm-up: JIT, buffers, connection
        assertThat(client.get("/metrics", "t").status()).isEqualTo(200);
      }
      long best = Long.MAX_VALUE;
      RawHttp.Response last = null;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        last = client.get("/metrics", "t");
        best = Math.min(best, System.nanoTime() - start);
      }
      Exposition scrape = Exposition.parse(last.text());
      assertThat(
              scrape.value(
                  "breakwater_server_weight", "backend", "ns-49/svc/80", "server", "pod-19"))
          .isEqualTo(1);
      assertThat(scrape.samples().size()).isGreaterThan(BACKENDS * SERVERS_PER_BACKEND * 20);
      System.out.printf(
          "scrape of %d servers: %d samples, %d KiB, best %.1f ms%n",
          BACKENDS * SERVERS_PER_BACKEND,
          scrape.samples().size(),
          last.body().length / 1024,
          best / 1e6);
      assertThat(best / 1_000_000).as("best scrape time, ms").isLessThan(LIMIT_MILLIS);
    }
  }
}
