package io.breakwater.dataplane.stats;

import java.util.concurrent.atomic.AtomicInteger;

/** The highest value a gauge reached (HAProxy's {@code smax}, {@code qmax}); lock-free. */
public final class MaxGauge {
  private final AtomicInteger max = new AtomicInteger();

  /** Records a current value; cheap when it is not a new maximum (one volatile read). */
  public void observe(int value) {
    int m;
    while (value > (m = max.get())) {
      if (max.compareAndSet(m, value)) {
        return;
      }
    }
  }

  public int get() {
    return max.get();
  }

  public void clear() {
    max.set(0);
  }
}
