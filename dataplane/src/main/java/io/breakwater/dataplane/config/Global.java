package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Process-wide settings.
 *
 * @param workers event-loop threads; 0 means one per available core
 * @param maxconn maximum concurrent client connections over all frontends; accepting pauses at the
 *     limit and resumes below it
 * @param transport which Netty transport carries sockets
 * @param shutdownGrace how long in-flight requests get to finish after SIGTERM
 * @param runtimeApi Runtime API listeners (none by default)
 * @param stats the stats listener, or null for none
 * @param dataplaneApi the REST Data Plane API listener, or null for none
 * @param accessLog the access log (off by default)
 */
public record Global(
    int workers,
    int maxconn,
    Transport transport,
    Duration shutdownGrace,
    List<RuntimeApiListener> runtimeApi,
    StatsPage stats,
    DataplaneApi dataplaneApi,
    AccessLog accessLog) {

  public static final int DEFAULT_WORKERS = 0;
  public static final int DEFAULT_MAXCONN = 20_000;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static final Global DEFAULT =
      new Global(DEFAULT_WORKERS, DEFAULT_MAXCONN, Transport.AUTO, DEFAULT_SHUTDOWN_GRACE);

  public Global {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    runtimeApi = List.copyOf(runtimeApi);
    Objects.requireNonNull(accessLog, "accessLog");
  }

  /** Process settings without operator interfaces (no Runtime API, stats, REST API or log). */
  public Global(int workers, int maxconn, Transport transport, Duration shutdownGrace) {
    this(workers, maxconn, transport, shutdownGrace, List.of(), null, null, AccessLog.OFF);
  }

  /** These settings with another transport. */
  public Global withTransport(Transport t) {
    return new Global(
        workers, maxconn, t, shutdownGrace, runtimeApi, stats, dataplaneApi, accessLog);
  }

  /** These settings with other operator interfaces. */
  public Global withInterfaces(
      List<RuntimeApiListener> runtime, StatsPage statsPage, DataplaneApi api, AccessLog log) {
    return new Global(workers, maxconn, transport, shutdownGrace, runtime, statsPage, api, log);
  }

  /** The number of event loops this setting stands for on this machine. */
  public int effectiveWorkers() {
    return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
  }
}
