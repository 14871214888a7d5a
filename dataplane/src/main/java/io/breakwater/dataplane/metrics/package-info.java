/**
 * Prometheus metrics of the dataplane, named {@code breakwater_*} in base units (seconds, bytes)
 * with {@code frontend}, {@code backend} and {@code server} labels. Everything but the latency
 * histograms is read from {@code Dataplane.stats()} at scrape time by one collector, so the request
 * path pays nothing for metrics; the histograms are observed per request in {@code stats.Timings}.
 * {@link io.breakwater.dataplane.metrics.Metric} is the catalogue that both the collector and
 * {@code docs/metrics.md} come from. JVM and process metrics come from the Prometheus client's own
 * instrumentation.
 */
package io.breakwater.dataplane.metrics;
