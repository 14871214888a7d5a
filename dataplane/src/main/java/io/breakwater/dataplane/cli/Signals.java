package io.breakwater.dataplane.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Catches SIGTERM and SIGINT. Handling the signals ourselves (instead of with a shutdown hook) lets
 * a command drain gracefully and then exit 0, which is what Kubernetes and process managers expect
 * from a clean stop; a shutdown hook would end with status 143. Install before announcing that the
 * process is ready, so a signal sent right after the announcement is not handled by the JVM's
 * default. Public for the controller module's long-running commands.
 */
public final class Signals {
  private final CountDownLatch latch = new CountDownLatch(1);
  private volatile String received;

  private Signals() {}

  /** Installs the handlers; from now on SIGTERM and SIGINT only release {@link #await()}. */
  public static Signals install() {
    Signals s = new Signals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          sig -> {
            s.received = sig.getName();
            s.latch.countDown();
          });
    }
    return s;
  }

  /** Blocks until SIGTERM or SIGINT arrives; returns the signal's name. */
  public String await() throws InterruptedException {
    latch.await();
    return received;
  }
}
