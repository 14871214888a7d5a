package io.breakwater.dataplane.resilience;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ejection cap of one backend's per-server breakers (outlier detection), in the manner of
 * Envoy's {@code max_ejection_percent}: at most {@link #maxEjected} servers have an open breaker at
 * once. It is the {@link OpenGate} of each server's breaker, so a breaker that would open past the
 * cap stays CLOSED and its server eligible; it asks again at its next failure.
 *
 * <p>Panic (Envoy's panic threshold, Istio's {@code minHealthPercent}): when fewer servers are
 * eligible — UP and not ejected — than the cap guarantees ({@code total − maxEjected}), health
 * checks have taken down what ejection spared, and the caller should spread traffic over every UP
 * server, ejected or not, rather than overload the few left. {@link #panic(int)} reports it and
 * counts the times a backend enters panic.
 */
public final class OutlierEjection implements OpenGate {

  private final int maxPercent;
  private volatile int total;
  private final AtomicInteger ejected = new AtomicInteger();
  private final AtomicBoolean inPanic = new AtomicBoolean();
  private final LongAdder refused = new LongAdder();
  private final LongAdder panics = new LongAdder();

  /**
   * @param maxPercent the policy's {@code maxEjectionPercent}, 0..100
   * @param total the backend's servers now
   */
  public OutlierEjection(int maxPercent, int total) {
    Args.range("maxEjectionPercent", maxPercent, 0, 100);
    this.maxPercent = maxPercent;
    total(total);
  }

  /**
   * How many of {@code total} servers may be ejected at once: {@code floor(total × maxPercent /
   * 100)} — the cap is a maximum, so 3 servers at 50% allow one — but at least one when the backend
   * has two servers or more and {@code maxPercent > 0}, so that small backends are protected at all
   * (Envoy needs {@code always_eject_one_host} for that). The only server of a backend is ejected
   * only at 100%.
   */
  public static int maxEjected(int total, int maxPercent) {
    if (total <= 0 || maxPercent <= 0) {
      return 0;
    }
    int max = (int) ((long) total * maxPercent / 100);
    return max == 0 && total >= 2 ? 1 : max;
  }

  /** Whether one more server may be ejected when {@code ejectedNow} already are. */
  public static boolean mayEject(int ejectedNow, int total, int maxPercent) {
    return ejectedNow < maxEjected(total, maxPercent);
  }

  /** Whether {@code eligible} servers (UP, not ejected) of {@code total} mean panic. */
  public static boolean panic(int eligible, int total, int maxPercent) {
    return eligible < total - maxEjected(total, maxPercent);
  }

  /**
   * The backend's server count changed; ejections already made stand until their breakers close.
   */
  public void total(int servers) {
    Args.range("total", servers, 0, Integer.MAX_VALUE);
    this.total = servers;
  }

  /** Takes an ejection if the cap allows one; counts a refusal otherwise. */
  @Override
  public boolean tryOpen() {
    for (; ; ) {
      int now = ejected.get();
      if (!mayEject(now, total, maxPercent)) {
        refused.increment();
        return false;
      }
      if (ejected.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** An ejected server's breaker closed (or was reset): its ejection returns. */
  @Override
  public void closed() {
    ejected.decrementAndGet();
  }

  /**
   * Whether the backend is in panic with {@code eligible} servers eligible; counts each entry.
   * Cheap enough to call per request: a volatile read, and a write only when panic starts or ends.
   */
  public boolean panic(int eligible) {
    boolean now = panic(eligible, total, maxPercent);
    if (now != inPanic.get() && inPanic.compareAndSet(!now, now) && now) {
      panics.increment();
    }
    return now;
  }

  public int ejected() {
    return ejected.get();
  }

  public int total() {
    return total;
  }

  /** Opens refused by the cap. */
  public long refused() {
    return refused.sum();
  }

  /** Times the backend entered panic. */
  public long panics() {
    return panics.sum();
  }
}
