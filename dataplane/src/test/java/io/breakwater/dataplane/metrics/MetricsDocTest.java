package io.breakwater.dataplane.metrics;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.RepositoryFiles;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.TestConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/metrics.md} equal to what the collector exposes: the table is generated from
 * {@link Metric}, and a dataplane using every feature that has metrics (health checks, a circuit
 * breaker, outlier detection) exposes exactly the documented families. Run with {@code
 * -Dbreakwater.updateDocs=true} to rewrite the table instead of failing.
 */
class MetricsDocTest {
  private static EchoServer echo;
  private static Dataplane dp;
  private static Set<String> exposed;

  @BeforeAll
  static void scrapeADataplaneWithEveryFeature() throws IOException {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    Config base = TestConfig.create().backend("app", server("a", echo.port())).build();
    BackendPolicy everything =
        new BackendPolicy(
            HealthCheck.DEFAULT,
            null,
            Retries.DEFAULT,
            Breaker.DEFAULT,
            Breaker.DEFAULT,
            Limits.NONE,
            null,
            null);
    Backend app =
        base.backends()
            .get(0)
            .withPolicy(everything)
            .withServers(List.of(server("a", echo.port()).withHealthCheck(HealthCheck.DEFAULT)));
    dp =
        Dataplane.start(new Config(base.global(), base.defaults(), base.frontends(), List.of(app)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, new DataplaneMetrics(dp).registry().scrape());
    exposed = Exposition.parse(out.toString(StandardCharsets.UTF_8)).families("");
  }

  @AfterAll
  static void stop() {
    dp.close();
    echo.close();
  }

  @Test
  void theTableMatchesTheCatalogue() throws IOException {
    Path doc = RepositoryFiles.resolve("docs/metrics.md");
    String current = Files.readString(doc, StandardCharsets.UTF_8);
    String expected = MetricsReferenceGenerator.regenerate(current);
    if (Boolean.getBoolean("breakwater.updateDocs")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as(
            "docs/metrics.md is out of date with Metric; regenerate it with: %s",
            MetricsReferenceGenerator.REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void everyExposedFamilyIsDocumentedAndEveryDocumentedOneExposed() throws IOException {
    String doc =
        Files.readString(RepositoryFiles.resolve("docs/metrics.md"), StandardCharsets.UTF_8);
    Set<String> documented = new TreeSet<>();
    Matcher rows = Pattern.compile("(?m)^\\| `(breakwater_[a-z_]+)` \\|").matcher(doc);
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertThat(exposed).as("exposed families").containsExactlyInAnyOrderElementsOf(documented);
    assertThat(documented)
        .isEqualTo(
            Arrays.stream(Metric.values())
                .map(Metric::exposedName)
                .collect(Collectors.toCollection(TreeSet::new)));
  }
}
