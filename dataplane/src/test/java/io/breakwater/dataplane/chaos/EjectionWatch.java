package io.breakwater.dataplane.chaos;

import io.breakwater.dataplane.proxy.ServerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the servers a scenario breaks: when the proxy stopped sending them new requests
 * (ineligible: health DOWN, or ejected by outlier detection) and when they were back serving.
 */
final class EjectionWatch {
  private static final long POLL_NANOS = 5_000_000L;

  private final List<ServerState> victims;
  private long ejectedAt;
  private long servingAt;

  EjectionWatch(List<ServerState> victims) {
    this.victims = victims;
  }

  /** Waits until every victim is out of rotation, at most {@code timeout}. */
  void awaitEjected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (victims.stream().noneMatch(ServerState::eligible)) {
        ejectedAt = System.nanoTime();
        return;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Waits until every victim is in rotation and has served a request again, at most {@code
   * timeout}.
   */
  void awaitServing(Duration timeout) {
    long[] before = victims.stream().mapToLong(s -> s.stats().requests()).toArray();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int i = 0; i < victims.size(); i++) {
        ServerState s = victims.get(i);
        all &= s.eligible() && s.stats().requests() > before[i];
      }
      if (all) {
        servingAt = System.nanoTime();
        return;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Time from the fault to the ejection, or null when it never happened. */
  Duration ejectedAfter(long faultStart) {
    return ejectedAt == 0 ? null : Duration.ofNanos(ejectedAt - faultStart);
  }

  /** Time from the end of the fault to serving again, or null when it never happened. */
  Duration servingAfter(long faultEnd) {
    return servingAt == 0 ? null : Duration.ofNanos(servingAt - faultEnd);
  }
}
