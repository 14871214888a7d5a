package io.breakwater.dataplane.resilience;

import java.util.random.RandomGenerator;

/** Answers {@link #nextDouble()} with the given values in turn; anything else is a test error. */
final class FixedRandom implements RandomGenerator {

  private final double[] values;
  private int next;

  FixedRandom(double... values) {
    this.values = values;
  }

  @Override
  public double nextDouble() {
    return values[next++ % values.length];
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only nextDouble() is scripted");
  }

  int draws() {
    return next;
  }
}
