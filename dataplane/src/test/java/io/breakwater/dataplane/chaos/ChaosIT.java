package io.breakwater.dataplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Observe;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoFault;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.proxy.ServerState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite: three echo backends behind the dataplane under steady load, with the policy a
 * user would set (HTTP health check, retries with redispatch, outlier detection, passive
 * observation), and one failure per scenario. Each scenario measures what clients saw, how long the
 * proxy took to stop sending to the failing server and to take it back, and how much extra load
 * retries put on the backends. The figures are printed as a table ({@code make chaos}) and recorded
 * in docs/resilience.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {
  private static final Duration WARM = Duration.ofSeconds(2);
  private static final Duration FAULT = Duration.ofSeconds(6);
  private static final Duration RECOVERY = Duration.ofSeconds(6);
  private static final Map<String, ChaosReport> REPORTS = new LinkedHashMap<>();

  /** The policy the scenarios run under, as a user would write it. */
  static BackendPolicy policy() {
    HealthCheck check =
        new HealthCheck(
            HealthCheck.Type.HTTP,
            "GET",
            "/healthz",
            null,
            StatusRange.CHECK_OK,
            null,
            Duration.ofMillis(500),
            Duration.ofMillis(200),
            Duration.ofMillis(500),
            Duration.ofMillis(400),
            2,
            2,
            0);
    Retries retries =
        new Retries(
            2,
            Set.of(Retries.On.CONN_FAILURE, Retries.On.EMPTY_RESPONSE, Retries.On.RESPONSE_TIMEOUT),
            Set.of(502, 503, 504),
            true,
            Duration.ofMillis(500),
            Retries.Backoff.DEFAULT,
            Retries.DEFAULT_BUFFER_LIMIT,
            false,
            Retries.Budget.DEFAULT);
    Breaker outliers =
        new Breaker(
            Breaker.WindowType.COUNT,
            Duration.ofSeconds(10),
            20,
            50,
            10,
            3,
            100,
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            2,
            50);
    Observe observe = new Observe(5, Observe.OnError.FAIL_CHECK, StatusRange.SERVER_ERRORS);
    return new BackendPolicy(check, observe, retries, null, outliers, Limits.NONE, null, null);
  }

  private static Config config(List<EchoServer> echoes) {
    BackendPolicy p = policy();
    List<Server> servers = new ArrayList<>();
    for (EchoServer e : echoes) {
      servers.add(
          new Server(
              e.name(),
              new HostPort("127.0.0.1", e.port()),
              1,
              0,
              InitialState.UP,
              p.healthCheck()));
    }
    Timeouts t = Timeouts.DEFAULT;
    return new Config(
        new Global(2, 10_000, Transport.AUTO, Duration.ofSeconds(5)),
        Defaults.DEFAULT,
        List.of(new Frontend("http", new HostPort("127.0.0.1", 0), "app", List.of(), t)),
        List.of(new Backend("app", Balance.ROUNDROBIN, 0, t, p, servers)));
  }

  /** Runs one scenario: warm up, fault on {@code victims}, fault off, and measure. */
  private static ChaosReport run(
      String name,
      int victims,
      Consumer<List<EchoServer>> faultOn,
      Consumer<List<EchoServer>> faultOff)
      throws Exception {
    List<EchoServer> echoes = new ArrayList<>();
    for (String n : List.of("a", "b", "c")) {
      echoes.add(EchoServer.start(new InetSocketAddress("127.0.0.1", 0), n));
    }
    Dataplane dp = Dataplane.start(config(echoes));
    try (LoadGenerator load = new LoadGenerator(dp.port("http"), 4)) {
      load.start();
      load.awaitFor(WARM);
      List<ServerState> watched = new ArrayList<>();
      for (int i = 0; i < victims; i++) {
        watched.add(dp.server("app", echoes.get(i).name()));
      }
      long attemptsBefore = attempts(dp, echoes);
      long clientBefore = load.completed();
      EjectionWatch watch = new EjectionWatch(watched);
      long faultStart = System.nanoTime();
      faultOn.accept(echoes);
      watch.awaitEjected(FAULT);
      load.awaitUntil(faultStart + FAULT.toNanos());
      long faultEnd = System.nanoTime();
      faultOff.accept(echoes);
      // Recovery: the victims must be back in rotation and serving again.
      watch.awaitServing(RECOVERY);
      load.awaitUntil(faultEnd + RECOVERY.toNanos());
      load.stop();
      long clientRequests = load.completed() - clientBefore;
      long serverAttempts = attempts(dp, echoes) - attemptsBefore;
      ChaosReport r =
          new ChaosReport(
              name,
              load.completed(),
              load.failures(),
              watch.ejectedAfter(faultStart),
              watch.servingAfter(faultEnd),
              clientRequests == 0 ? 0 : (double) serverAttempts / clientRequests - 1,
              load.failureSamples());
      REPORTS.put(name, r);
      return r;
    } finally {
      dp.close();
      for (EchoServer e : echoes) {
        e.close();
      }
    }
  }

  /** Requests the proxy sent to the backend's servers (first tries and retries). */
  private static long attempts(Dataplane dp, List<EchoServer> echoes) {
    long n = 0;
    for (EchoServer e : echoes) {
      ServerState s = dp.server("app", e.name());
      if (s != null) {
        n += s.stats().requests();
      }
    }
    return n;
  }

  @Test
  @Order(1)
  @Timeout(60)
  void aKilledBackendCostsNoClientFailures() throws Exception {
    int[] port = new int[1];
    ChaosReport r =
        run(
            "(a) backend killed",
            1,
            e -> {
              port[0] = e.get(0).port();
              e.get(0).close();
            },
            e -> e.set(0, EchoServer.start(new InetSocketAddress("127.0.0.1", port[0]), "a")));
    assertThat(r.failures()).as(r.toString()).isZero();
    assertThat(r.ejected()).as("time to eject").isNotNull();
    assertThat(r.recovered()).as("time to recover").isNotNull();
  }

  @Test
  @Order(2)
  @Timeout(60)
  void aBackendAnswering503CostsNoClientFailures() throws Exception {
    ChaosReport r =
        run(
            "(b) backend answers 503",
            1,
            e -> e.get(0).fault(EchoFault.error()),
            e -> e.get(0).fault(EchoFault.NONE));
    assertThat(r.failures()).as(r.toString()).isZero();
    assertThat(r.ejected()).isNotNull();
    assertThat(r.recovered()).isNotNull();
  }

  @Test
  @Order(3)
  @Timeout(60)
  void aSlowBackendIsEjected() throws Exception {
    ChaosReport r =
        run(
            "(c) backend adds 2 s latency",
            1,
            e -> e.get(0).fault(EchoFault.slow(Duration.ofSeconds(2))),
            e -> e.get(0).fault(EchoFault.NONE));
    assertThat(r.failures()).as(r.toString()).isZero();
    assertThat(r.ejected()).isNotNull();
    assertThat(r.recovered()).isNotNull();
  }

  @Test
  @Order(4)
  @Timeout(60)
  void aBackendThatNeverAnswersIsEjected() throws Exception {
    ChaosReport r =
        run(
            "(d) backend accepts, never answers",
            1,
            e -> e.get(0).fault(EchoFault.hang()),
            e -> e.get(0).fault(EchoFault.NONE));
    assertThat(r.failures()).as(r.toString()).isZero();
    assertThat(r.ejected()).isNotNull();
    assertThat(r.recovered()).isNotNull();
  }

  @Test
  @Order(5)
  @Timeout(60)
  void aTotalOutageIsBoundedByTheRetryBudgetAndRecovers() throws Exception {
    ChaosReport r =
        run(
            "(e) all backends fail for 6 s",
            3,
            e -> e.forEach(s -> s.fault(EchoFault.error())),
            e -> e.forEach(s -> s.fault(EchoFault.NONE)));
    // Clients see the outage; retries must not multiply the load on the failing backends.
    assertThat(r.failures()).isPositive();
    assertThat(r.extraLoad()).as(r.toString()).isLessThan(1.0);
    assertThat(r.recovered()).isNotNull();
  }

  @Test
  @Order(6)
  @Timeout(60)
  void anEjectedBackendComesBack() throws Exception {
    ChaosReport r =
        run(
            "(f) ejected backend comes back",
            1,
            e -> e.get(0).fault(EchoFault.error()),
            e -> e.get(0).fault(EchoFault.NONE));
    assertThat(r.recovered()).as(r.toString()).isNotNull();
    assertThat(r.recovered()).isLessThan(RECOVERY);
  }

  @AfterAll
  static void printTable() {
    System.out.println(ChaosReport.table(REPORTS.values()));
  }
}
