/**
 * Resilience policies as pure, thread-safe logic, without channels or I/O: a server's health
 * (HAProxy's rise/fall counters and passive observation), circuit breakers and outlier ejection
 * (resilience4j's state machine with Envoy's ejection cap), retry rules, budgets and backoff, slow
 * start, and fault injection. The proxy calls them on the request path from several event loops at
 * once, so state is an immutable snapshot swapped by compare-and-set or a few atomics; the success
 * path takes no lock and allocates nothing. Time comes from an injected {@link
 * io.netty.util.concurrent.Ticker} and randomness from an injected {@link
 * java.util.random.RandomGenerator}, so tests advance time and fix draws instead of sleeping.
 */
package io.breakwater.dataplane.resilience;
