/**
 * Load-balancing algorithms: given a backend's servers, choose the one a request goes to. A {@link
 * io.breakwater.dataplane.balance.Balancer} is built once per server list (cheaply, since pod churn
 * rebuilds it many times a second), then shared by every event loop: picks take no locks, allocate
 * nothing, and read each server's live state (eligible, weight, capacity, active requests) through
 * {@link io.breakwater.dataplane.balance.LbServer}, which the proxy's server objects implement. The
 * algorithms are HAProxy's {@code balance} keywords: smooth weighted round robin, least
 * connections, power-of-two-choices random, and consistent hashing of the client address or of the
 * path.
 */
package io.breakwater.dataplane.balance;
