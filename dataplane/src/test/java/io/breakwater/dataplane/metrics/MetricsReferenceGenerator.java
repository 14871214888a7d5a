package io.breakwater.dataplane.metrics;

import io.breakwater.dataplane.stats.Timings;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Renders the metric table of {@code docs/metrics.md} from {@link Metric}, between the markers
 * {@value #BEGIN} and {@value #END}; the prose around them is written by hand. Test-scoped, like
 * the configuration reference: the table is a build artefact checked by {@link MetricsDocTest}.
 */
final class MetricsReferenceGenerator {
  static final String BEGIN = "<!-- BEGIN GENERATED: metric table from Metric -->";
  static final String END = "<!-- END GENERATED -->";
  static final String REGENERATE =
      "mvn -q -B -pl dataplane test -Dtest=MetricsDocTest -Dbreakwater.updateDocs=true";

  private MetricsReferenceGenerator() {}

  static String render() {
    StringBuilder md = new StringBuilder();
    md.append("\n<!-- Do not edit: regenerate with `").append(REGENERATE).append("`. -->\n\n");
    md.append("| metric | type | unit | labels | meaning |\n|---|---|---|---|---|\n");
    for (Metric m : Metric.values()) {
      md.append("| `")
          .append(m.exposedName())
          .append("` | ")
          .append(m.type().exposed())
          .append(" | ")
          .append(m.unit() == null ? "" : m.unit())
          .append(" | ")
          .append(m.labels().stream().map(l -> "`" + l + "`").collect(Collectors.joining(", ")))
          .append(" | ")
          .append(m.help().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append("\nHistogram buckets (seconds, upper bounds): ")
        .append(
            Arrays.stream(Timings.BUCKETS)
                .mapToObj(b -> b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b))
                .collect(Collectors.joining(", ")))
        .append(", `+Inf`.\n\n");
    return md.toString();
  }

  static String regenerate(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "docs/metrics.md has lost its markers " + BEGIN + " ... " + END);
    }
    return document.substring(0, begin + BEGIN.length()) + render() + document.substring(end);
  }
}
