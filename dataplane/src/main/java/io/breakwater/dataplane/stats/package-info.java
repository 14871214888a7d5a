/**
 * Traffic counters of frontends, backends and servers. Counters are {@link
 * java.util.concurrent.atomic.LongAdder}s written by event loops without locks and read by the
 * stats page, the Runtime API and metrics. They live in the per-name state objects that survive hot
 * swaps, so a config change never resets them.
 */
package io.breakwater.dataplane.stats;
