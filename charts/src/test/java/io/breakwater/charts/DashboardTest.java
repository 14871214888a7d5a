package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard queries only metrics that exist, as {@code docs/metrics.md} lists them. */
class DashboardTest {

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:breakwater|process|jvm)_[a-z0-9_]+)\\b(?!\\s*\\()");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(bucket|sum|count)$");

  private final JsonNode dashboard = read();

  @Test
  void everyQueriedMetricIsDocumented() {
    String doc = Chart.read("docs/metrics.md");
    Set<String> metrics = queriedMetrics();
    assertThat(metrics).as("metrics the dashboard queries").hasSizeGreaterThan(20);
    for (String metric : metrics) {
      String family = HISTOGRAM_SERIES.matcher(metric).replaceFirst("");
      boolean histogramSeries = !family.equals(metric);
      assertThat(doc)
          .as(
              "%s is queried by %s but not listed in docs/metrics.md",
              metric, ChartFilesTest.DASHBOARD)
          .contains("`" + (histogramSeries ? family : metric) + "`");
      if (histogramSeries) {
        assertThat(doc)
            .as("%s is a histogram", family)
            .containsPattern("`" + family + "` \\| histogram");
      }
    }
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
