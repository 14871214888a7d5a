/**
 * The controller's own Prometheus metrics ({@code breakwater_controller_*}, listed in
 * docs/controller-metrics.md): {@link io.breakwater.controller.metrics.ControllerMetrics} learns
 * them from every sync, and {@link io.breakwater.controller.metrics.MetricsServer} serves them with
 * {@code /healthz} and {@code /readyz} on {@code --metrics-listen}. The dataplane's metrics are its
 * own, on its stats listener.
 */
package io.breakwater.controller.metrics;
