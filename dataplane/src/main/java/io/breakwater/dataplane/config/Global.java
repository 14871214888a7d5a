package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-wide settings.
 *
 * @param workers event-loop threads; 0 means one per available core
 * @param maxconn maximum concurrent client connections over all frontends; accepting pauses at the
 *     limit and resumes below it
 * @param transport which Netty transport carries sockets
 * @param shutdownGrace how long in-flight requests get to finish after SIGTERM
 */
public record Global(int workers, int maxconn, Transport transport, Duration shutdownGrace) {

  public static final int DEFAULT_WORKERS = 0;
  public static final int DEFAULT_MAXCONN = 20_000;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static final Global DEFAULT =
      new Global(DEFAULT_WORKERS, DEFAULT_MAXCONN, Transport.AUTO, DEFAULT_SHUTDOWN_GRACE);

  public Global {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }

  /** The number of event loops this setting stands for on this machine. */
  public int effectiveWorkers() {
    return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
  }
}
