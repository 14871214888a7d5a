/**
 * The compiled routing table of a frontend: Kubernetes Ingress host and path rules turned into an
 * immutable {@link io.breakwater.dataplane.route.RouteTable} that the proxy consults once per
 * request from any event loop, without locks and without allocating. Hosts are found by hash
 * (exact, then one-label wildcard, then any host), paths by hash on the exact path and on each
 * {@code /} boundary of the request path, so a lookup costs a few probes however many routes exist.
 * {@link io.breakwater.dataplane.route.RequestTarget} holds the index arithmetic over a raw
 * request-target that the table and its callers share.
 */
package io.breakwater.dataplane.route;
