package io.breakwater.dataplane.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a bound, instead of sleeping for a guessed time. */
public final class Await {
  /** How long a condition gets before the test fails. */
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  /** Returns once {@code condition} holds; fails the test after {@link #DEFAULT}. */
  public static void until(BooleanSupplier condition) {
    until(condition, DEFAULT);
  }

  public static void until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.onSpinWait();
    }
  }
}
