package io.breakwater.dataplane.config;

/**
 * A backend's concurrency limits (Envoy's circuit-breaker thresholds). Above a limit a request is
 * answered 503 at once with {@code x-breakwater-overloaded: true}. 0 means unlimited.
 *
 * @param maxConnections open connections to all servers of the backend
 * @param maxPendingRequests requests waiting in the queue
 * @param maxRequests requests in flight to the backend
 * @param maxRetries retries in flight at once
 */
public record Limits(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
  public static final Limits NONE = new Limits(0, 0, 0, 0);
}
