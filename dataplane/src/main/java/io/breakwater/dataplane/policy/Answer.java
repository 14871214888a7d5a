package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The proxy answers a request itself because of its policy.
 *
 * @param kind the refusal (403, 429, 413), counted as a proxy error; null for a redirect or a CORS
 *     preflight, which are answers, not errors
 * @param status the status sent
 * @param headers fields to add to the answer ({@code Location}, {@code Retry-After}, CORS)
 */
public record Answer(ProxyErrorKind kind, int status, HttpHeaders headers) {}
