/**
 * Active health checks: a {@link io.breakwater.dataplane.health.HealthProbe} performs one TCP or
 * HTTP check against a server on a given event loop and answers with a {@link
 * io.breakwater.dataplane.health.ProbeResult} carrying HAProxy's check status codes ({@code L4OK},
 * {@code L4CON}, {@code L7STS}, …); a {@link io.breakwater.dataplane.health.HealthChecker} repeats
 * checks for one server on its event loop, spreading them with jitter, and reports each result. The
 * health state machine (rise, fall, which interval comes next) is not here: the proxy keeps it per
 * server, receives the results and answers the checker's {@link
 * io.breakwater.dataplane.health.IntervalSource}.
 */
package io.breakwater.dataplane.health;
