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
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scrape of a dataplane with 1,000 servers answers with every server's series, end to end over
 * HTTP. How long it takes is measured by {@code make bench-scrape} (hack/bench/scrape.sh), not
 * here.
 */
class MetricsScrapeIT {
  private static final int BACKENDS = 50;
  private static final int SERVERS_PER_BACKEND = 20;

  @Test
  void aScrapeOfAThousandServersHasEveryServer() throws Exception {
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
        RawHttp client = RawHttp.connect(dp.statsServer().port())) {
      RawHttp.Response answer = client.get("/metrics", "t");
      assertThat(answer.status()).isEqualTo(200);
      Exposition scrape = Exposition.parse(answer.text());
      for (int b = 0; b < BACKENDS; b++) {
        for (int s = 0; s < SERVERS_PER_BACKEND; s++) {
          assertThat(
                  scrape.value(
                      "breakwater_server_weight",
                      "backend",
                      "ns-" + b + "/svc/80",
                      "server",
                      "pod-" + s))
              .as("weight of ns-%d/svc/80/pod-%d", b, s)
              .isEqualTo(1);
        }
      }
      assertThat(scrape.samples().size()).isGreaterThan(BACKENDS * SERVERS_PER_BACKEND * 20);
    }
  }
}
