/**
 * Active health checks: a {@link io.breakwater.dataplane.health.HealthProbe} performs one TCP or
 * HTTP check against a server on a given event loop and answers with a {@link
 * io.breakwater.dataplane.health.ProbeResult} carrying HAProxy's check status codes ({@code L4OK},
 * {@code L4CON}, {@code L7STS}, …). The health state machine (rise, fall, which interval comes
 * next) is not here: the proxy keeps it per server and receives the results.
 */
package io.breakwater.dataplane.health;
