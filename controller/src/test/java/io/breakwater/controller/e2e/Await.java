package io.breakwater.controller.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for something the API server does eventually (an RBAC change reaching its authorizer
 * cache, for instance) and that no watch reports: the condition is asked again every {@link
 * #INTERVAL} until it holds or the bound passes.
 */
final class Await {

  /** The pause between two checks. */
  static final Duration INTERVAL = Duration.ofMillis(100);

  private Await() {}

  static void until(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound.toSeconds() + "s: " + what);
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
