/**
 * What the controller writes back to the cluster: Ingress {@code status.loadBalancer} ({@link
 * io.breakwater.controller.status.StatusWriter}, from {@code --publish-service} or {@code
 * --publish-address}), the {@code Accepted} and {@code Programmed} conditions of CircuitBreakers
 * and RetryPolicies, and an Event per translation problem ({@link
 * io.breakwater.controller.status.EventRecorder}). Only the leader of {@link
 * io.breakwater.controller.status.LeaderElection} writes, on threads of its own, never on the sync
 * thread; every replica still configures its own dataplane.
 */
package io.breakwater.controller.status;
