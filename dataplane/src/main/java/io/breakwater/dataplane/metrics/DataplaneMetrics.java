package io.breakwater.dataplane.metrics;

import io.breakwater.dataplane.Dataplane;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The metrics of one dataplane, ready to scrape: its {@code breakwater_*} families and the JVM's
 * ({@code jvm_*}, {@code process_*}). Each instance has its own registry; the JVM metrics, which
 * describe the process and not a dataplane, live in one registry shared by all instances.
 */
public final class DataplaneMetrics {
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  private static final OpenMetricsTextFormatWriter OPEN_METRICS =
      OpenMetricsTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** One scrape's bytes and the content type they are in. */
  public record Exposition(String contentType, byte[] body) {}

  public DataplaneMetrics(Dataplane dp) {
    registry.register(new DataplaneCollector(dp));
  }

  /** The dataplane's own registry (without the JVM's), for tests and embedding. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Everything, read now. */
  public MetricSnapshots collect() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (MetricSnapshot s : registry.scrape()) {
      all.metricSnapshot(s);
    }
    for (MetricSnapshot s : Jvm.REGISTRY.scrape()) {
      all.metricSnapshot(s);
    }
    return all.build();
  }

  /**
   * A scrape in the format the {@code Accept} header asks for: OpenMetrics when it names {@code
   * application/openmetrics-text}, else the Prometheus text format.
   */
  public Exposition scrape(String accept) {
    ExpositionFormatWriter writer = OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try {
      writer.write(out, collect());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return new Exposition(writer.getContentType(), out.toByteArray());
  }

  /** The process-wide JVM registry, filled on first use. */
  private static final class Jvm {
    static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

    static {
      JvmMetrics.builder().register(REGISTRY);
    }
  }
}
