package io.breakwater.dataplane.proxy;

import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.health.HealthChecker;
import io.breakwater.dataplane.health.ProbeResult;
import io.breakwater.dataplane.health.Prober;
import io.breakwater.dataplane.resilience.CheckStatus;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.resilience.HealthState;
import io.breakwater.dataplane.resilience.SlowStart;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's health and ejection state: its {@link HealthState} (active checks and passive
 * observation), its outlier-detection {@link CircuitBreaker}, slow start, and the {@link
 * HealthChecker} that runs its checks. Kept across config changes while the server remains; a
 * changed check or breaker policy builds new state seeded from the old (UP stays UP).
 *
 * <p>The request path reads it with volatile reads only ({@link #up()}, {@link #ejected()}); the
 * configuration methods run under the engine's apply lock.
 */
final class ServerResilience {
  private static final Logger log = LoggerFactory.getLogger(ServerResilience.class);

  private final ServerState server;
  private final Ticker ticker;
  private volatile HealthState health;
  private volatile CircuitBreaker outlier;
  private volatile Duration slowstart;

  /** When the server last came UP from DOWN, for slow start; 0 = not ramping. */
  private volatile long upSince;

  /** When the server went DOWN (0 = it is UP), and the time spent DOWN before that. */
  private volatile long downSince;

  private volatile long downtime;

  private HealthCheck check;
  private Observe observe;
  private Breaker outlierPolicy;
  private HealthChecker checker;
  private boolean configured;
  private volatile boolean checksEnabled = true;
  private AdminState admin = AdminState.READY;
  // Where checks run, kept so MAINT can pause and resume them.
  private Prober prober;

  private EventLoop checkLoop;

  ServerResilience(ServerState server, Ticker ticker) {
    this.server = server;
    this.ticker = ticker;
    this.health = newHealth(null, null, InitialState.UP);
  }

  /** Applies the server's and its backend's policy; state is rebuilt only where policy changed. */
  void configure(Server config, BackendPolicy policy) {
    HealthCheck newCheck = config.healthCheck();
    Observe newObserve = newCheck == null ? null : policy.observe();
    if (!Objects.equals(check, newCheck) || !Objects.equals(observe, newObserve)) {
      // A new server starts as configured; one that remains keeps what its checks found.
      InitialState seed =
          !configured ? config.initialState() : health.isUp() ? InitialState.UP : InitialState.DOWN;
      health = newHealth(newCheck, newObserve, seed);
      if (!configured && seed == InitialState.DOWN && newCheck != null) {
        downSince = Math.max(1, ticker.nanoTime());
      }
      check = newCheck;
      observe = newObserve;
      if (checker != null) {
        checker.updateCheck(newCheck != null ? newCheck : checker.check());
      }
    }
    Breaker newOutlier = policy.outlierDetection();
    if (!Objects.equals(outlierPolicy, newOutlier)) {
      CircuitBreaker old = outlier;
      outlier =
          newOutlier == null
              ? null
              : new CircuitBreaker(newOutlier, ticker, server.backend().ejection());
      if (outlier != null) {
        outlier.addListener(
            (breaker, transition) -> {
              log.info("server {} outlier breaker {}", server, transition);
              server.backend().recomputePanic();
            });
      }
      if (old != null) {
        old.reset(); // hands its ejection back to the backend's cap
      }
      outlierPolicy = newOutlier;
    }
    slowstart = policy.slowstart();
    configured = true;
  }

  private HealthState newHealth(HealthCheck c, Observe o, InitialState initial) {
    HealthState h = new HealthState(c, o, initial, ticker);
    h.addListener(
        new HealthState.Listener() {
          @Override
          public void onTransition(HealthState state, HealthState.Snapshot now) {
            long t = ticker.nanoTime();
            if (now.up()) {
              upSince = slowstart == null ? 0 : Math.max(1, t);
              if (downSince != 0) {
                downtime += t - downSince;
                downSince = 0;
              }
            } else if (downSince == 0) {
              downSince = Math.max(1, t);
            }
            log.info(
                "server {} is {} ({}: {})",
                server,
                now.status(),
                now.lastChangeReason(),
                now.lastCheck().summary());
            server.backend().recomputePanic();
          }

          @Override
          public void onFastinter(HealthState state) {
            HealthChecker c = checker;
            if (c != null) {
              c.loop().execute(c::checkNow);
            }
          }
        });
    return h;
  }

  HealthState health() {
    return health;
  }

  /** Total time DOWN so far, the current DOWN period included. */
  long downtimeNanos() {
    long since = downSince;
    return downtime + (since == 0 ? 0 : ticker.nanoTime() - since);
  }

  /** The slow-start ramp in percent (100 when not ramping). */
  int throttlePercent() {
    long since = upSince;
    Duration ramp = slowstart;
    if (since == 0 || ramp == null) {
      return 100;
    }
    long done = ticker.nanoTime() - since;
    return done >= ramp.toNanos() ? 100 : (int) Math.max(1, done * 100 / ramp.toNanos());
  }

  CircuitBreaker outlier() {
    return outlier;
  }

  /** UP by its health checks (always without a check, or while checks are disabled). */
  boolean up() {
    return !checksEnabled || health.isUp();
  }

  boolean checksEnabled() {
    return checksEnabled;
  }

  /** {@code disable health}: checks stop and the server counts as UP; {@code enable} resumes. */
  synchronized void setChecksEnabled(boolean enabled) {
    checksEnabled = enabled;
    if (prober != null) {
      syncChecker(prober, checkLoop, server.address(), admin);
    }
  }

  /** Ejected by outlier detection now. */
  boolean ejected() {
    CircuitBreaker b = outlier;
    return b != null && b.isOpen();
  }

  /**
   * Whether slow start lets this pick through: a server ramping up after coming UP takes new
   * requests with a probability growing linearly over {@code slowstart}, whatever the balancing
   * algorithm.
   */
  boolean admits(RandomGenerator random) {
    long since = upSince;
    Duration ramp = slowstart;
    if (since == 0 || ramp == null) {
      return true;
    }
    long now = ticker.nanoTime();
    if (!SlowStart.ramping(since, now, ramp)) {
      upSince = 0;
      return true;
    }
    // Admission by probability needs no weight floor (SlowStart.fraction floors at 1/weight for
    // integer weights): the share grows from 1% with the time since the server came UP.
    double share = Math.max(0.01, (double) (now - since) / ramp.toNanos());
    return random.nextDouble() < share;
  }

  /** The outcome of a request to this server, for passive observation. */
  void onLiveSuccess() {
    health.onLiveSuccess();
  }

  void onLiveError(String why) {
    health.onLiveError(why);
  }

  /**
   * Starts, updates or stops the health checker to match the current check, address and admin state
   * (MAINT pauses checks). Runs under the engine's apply lock.
   */
  synchronized void syncChecker(
      Prober prober, EventLoop loop, InetSocketAddress target, AdminState admin) {
    this.prober = prober;
    this.checkLoop = loop;
    this.admin = admin;
    if (check == null || !checksEnabled || admin == AdminState.MAINT || server.removed()) {
      stopChecker();
      return;
    }
    if (checker == null) {
      checker =
          new HealthChecker(
              prober, loop, target, check, () -> health.nextInterval(check), this::onCheck);
      checker.start();
    } else {
      checker.updateCheck(check);
      checker.updateTarget(target);
    }
  }

  /** MAINT pauses checks, other states run them. */
  synchronized void adminStateChanged(AdminState admin) {
    if (prober != null) {
      syncChecker(prober, checkLoop, server.address(), admin);
    }
  }

  synchronized void stopChecker() {
    if (checker != null) {
      checker.stop();
      checker = null;
    }
  }

  private void onCheck(ProbeResult r) {
    CheckStatus status;
    try {
      status = CheckStatus.valueOf(r.code());
    } catch (IllegalArgumentException unknown) {
      status = r.passed() ? CheckStatus.L7OK : CheckStatus.SOCKERR;
    }
    health.onCheck(status, r.description(), r.durationNanos());
  }

  /** Releases what the server holds in its backend (its ejection) when it is removed. */
  synchronized void retire() {
    stopChecker();
    CircuitBreaker b = outlier;
    if (b != null) {
      b.reset();
    }
  }
}
