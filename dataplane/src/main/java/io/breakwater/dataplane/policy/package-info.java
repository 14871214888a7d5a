/**
 * Traffic policy compiled for the request path: header rules with variables, path rewriting,
 * redirects and HSTS, client address lists, per-client rate limiting and CORS. Everything here is
 * built once per config snapshot from the immutable {@link
 * io.breakwater.dataplane.config.TrafficPolicy} and then only read, so event loops share it without
 * locks; the one mutable part, the rate limiter's bucket table, is updated with compare-and-set. A
 * route without a policy compiles to {@code null} and the proxy does no policy work for it at all.
 */
package io.breakwater.dataplane.policy;
