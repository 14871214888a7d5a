package io.breakwater.dataplane.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves (instead of with a shutdown hook)
 * lets a command drain gracefully and then exit 0, which is what Kubernetes and process managers
 * expect from a clean stop; a shutdown hook would end with status 143.
 */
final class Signals {
  private Signals() {}

  /** Blocks until SIGTERM or SIGINT arrives; returns the signal's name. */
  static String awaitTermination() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    String[] which = new String[1];
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          s -> {
            which[0] = s.getName();
            latch.countDown();
          });
    }
    latch.await();
    return which[0];
  }
}
