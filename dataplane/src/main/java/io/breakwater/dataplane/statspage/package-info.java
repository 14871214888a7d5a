/**
 * The stats listener ({@code global.stats}): an HTML page in the spirit of HAProxy's stats page
 * with its CSV and JSON exports, an optional admin form that sets servers' states, Prometheus
 * {@code /metrics}, and the {@code /healthz} and {@code /readyz} probes. It only renders {@code
 * Dataplane.stats()} and calls the {@code Dataplane} mutation API.
 */
package io.breakwater.dataplane.statspage;
