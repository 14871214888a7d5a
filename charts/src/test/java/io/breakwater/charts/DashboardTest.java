package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only metrics that exist: the dataplane's as {@code docs/metrics.md}
 * lists them, the controller's ({@code breakwater_controller_*}) as {@code
 * docs/controller-metrics.md} does.
 */
class DashboardTest {

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:breakwater|process|jvm)_[a-z0-9_]+)\\b(?!\\s*\\()");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(bucket|sum|count)$");
  private static final String CONTROLLER_PREFIX = "breakwater_controller_";

  private final JsonNode dashboard = read();

  @Test
  void everyQueriedMetricIsDocumented() {
    String dataplaneDoc = Chart.read("docs/metrics.md");
    String controllerDoc = Chart.read("docs/controller-metrics.md");
    Set<String> metrics = queriedMetrics();
    assertThat(metrics).as("metrics the dashboard queries").hasSizeGreaterThan(20);
    for (String metric : metrics) {
      String family = HISTOGRAM_SERIES.matcher(metric).replaceFirst("");
      boolean histogramSeries = !family.equals(metric);
      boolean controller = metric.startsWith(CONTROLLER_PREFIX);
      String docName = controller ? "docs/controller-metrics.md" : "docs/metrics.md";
      String doc = controller ? controllerDoc : dataplaneDoc;
      assertThat(doc)
          .as("%s is queried by %s but not listed in %s", metric, ChartFilesTest.DASHBOARD, docName)
          .contains("`" + (histogramSeries ? family : metric) + "`");
      if (histogramSeries) {
        assertThat(doc)
            .as("%s is a histogram in %s", family, docName)
            .containsPattern("`" + family + "` \\| histogram");
      }
    }
  }

  @Test
  void queriesTheControllersMetrics() {
    assertThat(queriedMetrics())
        .filteredOn(m -> m.startsWith(CONTROLLER_PREFIX))
        .contains(
            "breakwater_controller_convergence_latency_seconds_bucket",
            "breakwater_controller_sync_duration_seconds_bucket",
            "breakwater_controller_applies_total",
            "breakwater_controller_last_successful_sync_timestamp_seconds");
    assertThat(dashboard.findValues("expr"))
        .extracting(JsonNode::asText)
        .as("convergence latency percentiles from the histogram")
        .contains(
            "histogram_quantile(0.99, sum by (le)"
                + " (rate(breakwater_controller_convergence_latency_seconds_bucket{pod=~\"$pod\"}"
                + "[$__rate_interval])))");
  }

  @Test
  void coversTheIssuesPanels() {
    Set<String> metrics = queriedMetrics();
    assertThat(metrics)
        .contains(
            "breakwater_frontend_http_requests_total",
            "breakwater_frontend_http_responses_total",
            "breakwater_backend_request_duration_seconds_bucket",
            "breakwater_backend_retries_total",
            "breakwater_backend_breaker_state",
            "breakwater_server_state",
            "breakwater_config_version");
  }

  @Test
  void panelsHaveUniqueIdsAndUseTheDatasourceVariable() {
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("panel id %s", panel.get("id")).isTrue();
      if (!panel.get("type").asText().equals("row")) {
        assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.get("targets")).isNotEmpty();
      }
    }
    assertThat(dashboard.get("uid").asText()).isEqualTo("breakwater-dataplane");
  }

  private Set<String> queriedMetrics() {
    Set<String> out = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) {
      collect(expr.asText(), out);
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      collect(variable.path("definition").asText(), out);
    }
    return out;
  }

  private static void collect(String expr, Set<String> out) {
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(Chart.read(ChartFilesTest.DASHBOARD));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
