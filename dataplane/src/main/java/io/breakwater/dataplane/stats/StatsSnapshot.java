package io.breakwater.dataplane.stats;

import java.util.List;
import java.util.Map;

/**
 * Everything the operator interfaces show, read at one moment: process information, and per
 * frontend, backend and server the figures behind HAProxy's {@code show stat} columns and
 * Breakwater's resilience state. Built on demand ({@code Dataplane.stats()}); renderers (Runtime
 * API, stats page, metrics, REST API) only format it.
 *
 * @param info process-wide figures
 * @param frontends in config order
 * @param backends in config order, each with its servers
 */
public record StatsSnapshot(Info info, List<Frontend> frontends, List<Backend> backends) {

  public StatsSnapshot {
    frontends = List.copyOf(frontends);
    backends = List.copyOf(backends);
  }

  /**
   * Process-wide figures ({@code show info}).
   *
   * @param version Breakwater's version
   * @param pid the process id
   * @param startedAtMillis when the process started (epoch ms)
   * @param configVersion the running config's number
   * @param configAppliedAtMillis when it was applied (epoch ms)
   * @param transport io_uring, epoll or nio
   * @param workers event-loop threads
   * @param connections client connections open now
   * @param maxconn the global limit
   * @param connectionsTotal client connections accepted since start
   * @param sessionRate new connections in the last second
   * @param requestsTotal requests received since start
   * @param accessLogWritten access-log lines written
   * @param accessLogDropped access-log lines dropped because the writer fell behind
   */
  public record Info(
      String version,
      long pid,
      long startedAtMillis,
      long configVersion,
      long configAppliedAtMillis,
      String transport,
      int workers,
      int connections,
      int maxconn,
      long connectionsTotal,
      long sessionRate,
      long requestsTotal,
      long accessLogWritten,
      long accessLogDropped) {}

  /** Responses by status class (HAProxy's {@code hrsp_*}). */
  public record Responses(long c1xx, long c2xx, long c3xx, long c4xx, long c5xx, long other) {
    public static Responses of(TrafficStats t) {
      return new Responses(
          t.responses(StatusClass.C1XX),
          t.responses(StatusClass.C2XX),
          t.responses(StatusClass.C3XX),
          t.responses(StatusClass.C4XX),
          t.responses(StatusClass.C5XX),
          t.responses(StatusClass.OTHER));
    }

    public long total() {
      return c1xx + c2xx + c3xx + c4xx + c5xx + other;
    }
  }

  /**
   * A circuit breaker's state and figures.
   *
   * @param state CLOSED, OPEN or HALF_OPEN
   * @param transitions state changes so far
   * @param rejected calls refused while open
   * @param calls calls recorded
   * @param failures failed calls
   * @param slowCalls slow calls
   * @param lastChange the last transition, as text, or null
   */
  public record Breaker(
      String state,
      long transitions,
      long rejected,
      long calls,
      long failures,
      long slowCalls,
      String lastChange) {}

  /**
   * A frontend.
   *
   * @param name its name
   * @param id its position, from 1 (HAProxy's {@code iid})
   * @param listen the bound address
   * @param connections open now ({@code scur})
   * @param connectionsMax most at once ({@code smax})
   * @param connectionsTotal since start ({@code stot})
   * @param sessionRate new connections in the last second ({@code rate}), and its max
   * @param requests requests received ({@code req_tot}), requestRate last second, requestRateMax
   * @param bytesIn bytes received from clients ({@code bin}); bytesOut sent ({@code bout})
   * @param requestErrors malformed or timed-out requests ({@code ereq})
   * @param responses by status class
   * @param errors the proxy's own answers and aborts, by kind
   * @param connectionsDenied closed at accept by {@code maxconnPerClient} ({@code dcon})
   */
  public record Frontend(
      String name,
      int id,
      String listen,
      int connections,
      int connectionsMax,
      long connectionsTotal,
      long sessionRate,
      long sessionRateMax,
      long requests,
      long requestRate,
      long requestRateMax,
      long bytesIn,
      long bytesOut,
      long requestErrors,
      Responses responses,
      Map<ProxyErrorKind, Long> errors,
      long connectionsDenied) {

    /** A frontend that denied no connection. */
    public Frontend(
        String name,
        int id,
        String listen,
        int connections,
        int connectionsMax,
        long connectionsTotal,
        long sessionRate,
        long sessionRateMax,
        long requests,
        long requestRate,
        long requestRateMax,
        long bytesIn,
        long bytesOut,
        long requestErrors,
        Responses responses,
        Map<ProxyErrorKind, Long> errors) {
      this(
          name,
          id,
          listen,
          connections,
          connectionsMax,
          connectionsTotal,
          sessionRate,
          sessionRateMax,
          requests,
          requestRate,
          requestRateMax,
          bytesIn,
          bytesOut,
          requestErrors,
          responses,
          errors,
          0);
    }
  }

  /**
   * A backend.
   *
   * @param queued requests waiting now ({@code qcur}), queuedMax ({@code qmax})
   * @param active requests in flight now ({@code scur}), activeMax ({@code smax})
   * @param requests requests sent ({@code stot}); requestRate/Max per second
   * @param connectErrors failed connects ({@code econ}); responseErrors ({@code eresp})
   * @param retries ({@code wretr}); redispatches ({@code wredis})
   * @param up whether any server takes requests ({@code status} UP/DOWN)
   * @param weight the sum of eligible servers' weights; activeServers the count of them ({@code
   *     act})
   * @param breaker the backend's breaker, or null
   * @param panic whether too few servers remain and ejections are ignored
   * @param ejected servers ejected now; ejectionsRefused by the cap; panics entered
   * @param retryBudgetDenied retries the budget refused
   * @param timings phase averages and maxima (ms)
   * @param servers its servers, in config order
   */
  public record Backend(
      String name,
      int id,
      String balance,
      int queued,
      int queuedMax,
      int maxqueue,
      int active,
      int activeMax,
      long requests,
      long requestRate,
      long requestRateMax,
      long bytesIn,
      long bytesOut,
      long connectErrors,
      long responseErrors,
      long retries,
      long redispatches,
      boolean up,
      int weight,
      int activeServers,
      int connections,
      Responses responses,
      Map<ProxyErrorKind, Long> errors,
      Breaker breaker,
      boolean panic,
      int ejected,
      long ejectionsRefused,
      long panics,
      long retryBudgetDenied,
      long faultDelays,
      long faultAborts,
      Timings timings,
      List<Server> servers) {
    public Backend {
      servers = List.copyOf(servers);
    }
  }

  /**
   * A server.
   *
   * @param status HAProxy's status text: {@code UP}, {@code UP 2/3}, {@code DOWN}, {@code DOWN
   *     1/2}, {@code no check}, {@code MAINT}, {@code DRAIN}
   * @param adminState ready, drain or maint
   * @param up UP by its checks (always, unchecked)
   * @param eligible takes new requests now
   * @param checked whether it has an active health check
   * @param checksEnabled false after {@code disable health}
   * @param weight configured weight; throttle its slow-start percent (100 when not ramping)
   * @param active requests in flight ({@code scur}), activeMax ({@code smax}), maxconn ({@code
   *     slim}, 0 = none)
   * @param requests times chosen ({@code stot}, {@code lbtot})
   * @param checksFailed failed checks ({@code chkfail}); downs UP→DOWN changes ({@code chkdown})
   * @param lastChangeSeconds since the last UP/DOWN change ({@code lastchg}); downtimeSeconds
   * @param checkStatus last check code (L4OK, L7STS, …) or null; checkDurationMillis;
   *     checkDescription
   * @param health the rise/fall counter; rise; fall
   * @param observeFailures passive-observation actions taken ({@code hanafail})
   * @param outlier its outlier breaker, or null
   */
  public record Server(
      String name,
      int id,
      String address,
      String status,
      String adminState,
      boolean up,
      boolean eligible,
      boolean checked,
      boolean checksEnabled,
      int weight,
      int throttle,
      int active,
      int activeMax,
      int maxconn,
      long requests,
      long requestRate,
      long requestRateMax,
      long connectErrors,
      long responseErrors,
      long retries,
      long redispatches,
      long checksPassed,
      long checksFailed,
      long downs,
      long lastChangeSeconds,
      long downtimeSeconds,
      String checkStatus,
      long checkDurationMillis,
      String checkDescription,
      int health,
      int rise,
      int fall,
      long observeFailures,
      Responses responses,
      Map<ProxyErrorKind, Long> errors,
      Breaker outlier) {}

  /**
   * Phase averages and maxima in milliseconds ({@code qtime ctime rtime ttime} and {@code _max}).
   */
  public record Timings(
      long queueAvg,
      long queueMax,
      long connectAvg,
      long connectMax,
      long responseAvg,
      long responseMax,
      long totalAvg,
      long totalMax) {
    public static Timings of(io.breakwater.dataplane.stats.Timings t) {
      return new Timings(
          t.queue().averageMillis(),
          t.queue().maxMillis(),
          t.connect().averageMillis(),
          t.connect().maxMillis(),
          t.response().averageMillis(),
          t.response().maxMillis(),
          t.total().averageMillis(),
          t.total().maxMillis());
    }
  }
}
