package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.BackendProtocol;
import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.InitialState;
import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.config.Retries;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backend under construction: the config defaults, then the policies (set whole), then the
 * annotations (set key by key), then {@link #build}. Health-check keys are kept apart until the
 * build so their meaning does not depend on the order they are applied in: {@code health-check:
 * off} wins over the others, and a path or expected status without a type asks for an HTTP check.
 */
public final class BackendDraft {

  /** The health-check kinds an annotation may ask for. */
  public enum CheckMode {
    TCP,
    HTTP,
    OFF
  }

  private final Defaults defaults;
  private Balance balance;
  private Timeouts timeouts;
  private int serverMaxconn;
  private int maxBodySize;
  private Retries retries;
  private Breaker circuitBreaker;
  private Breaker outlierDetection;
  private Limits limits;
  private Duration slowstart;
  private Faults.Delay faultDelay;
  private Faults.Abort faultAbort;
  private BackendProtocol protocol = BackendProtocol.HTTP1;
  private BackendTls tls;

  private CheckMode checkMode;
  private String checkPath;
  private Duration checkInterval;
  private Integer checkRise;
  private Integer checkFall;
  private List<StatusRange> checkExpectStatus;

  /** A backend with every value from the config defaults. */
  public BackendDraft(Defaults defaults) {
    this.defaults = defaults;
    BackendPolicy p = defaults.policy();
    this.balance = defaults.balance();
    this.timeouts = defaults.timeouts();
    this.serverMaxconn = defaults.maxconn();
    this.maxBodySize = defaults.maxBodySize();
    this.retries = p.retries();
    this.circuitBreaker = p.circuitBreaker();
    this.outlierDetection = p.outlierDetection();
    this.limits = p.limits();
    this.slowstart = p.slowstart();
    Faults f = p.faults();
    this.faultDelay = f == null ? null : f.delay();
    this.faultAbort = f == null ? null : f.abort();
  }

  /**
   * The breaker a policy's fields are written over: the defaults' own when they have one, else the
   * built-in one.
   */
  public Breaker breakerTemplate(boolean outlier) {
    Breaker d = outlier ? defaults.policy().outlierDetection() : defaults.policy().circuitBreaker();
    return d != null ? d : Breaker.DEFAULT;
  }

  public Retries retries() {
    return retries;
  }

  public Limits limits() {
    return limits;
  }

  public Timeouts timeouts() {
    return timeouts;
  }

  public BackendDraft balance(Balance b) {
    balance = b;
    return this;
  }

  public BackendDraft timeouts(Timeouts t) {
    timeouts = t;
    return this;
  }

  public BackendDraft serverMaxconn(int maxconn) {
    serverMaxconn = maxconn;
    return this;
  }

  /** The largest request body in bytes ({@code 0}: no limit). */
  public BackendDraft maxBodySize(int bytes) {
    maxBodySize = bytes;
    return this;
  }

  public BackendDraft retries(Retries r) {
    retries = r;
    return this;
  }

  public BackendDraft circuitBreaker(Breaker b) {
    circuitBreaker = b;
    return this;
  }

  public BackendDraft outlierDetection(Breaker b) {
    outlierDetection = b;
    return this;
  }

  public BackendDraft limits(Limits l) {
    limits = l;
    return this;
  }

  public BackendDraft slowstart(Duration d) {
    slowstart = d;
    return this;
  }

  public BackendDraft faultDelay(Faults.Delay d) {
    faultDelay = d;
    return this;
  }

  public BackendDraft faultAbort(Faults.Abort a) {
    faultAbort = a;
    return this;
  }

  public BackendDraft checkMode(CheckMode m) {
    checkMode = m;
    return this;
  }

  public BackendDraft checkPath(String p) {
    checkPath = p;
    return this;
  }

  public BackendDraft checkInterval(Duration d) {
    checkInterval = d;
    return this;
  }

  public BackendDraft checkRise(int n) {
    checkRise = n;
    return this;
  }

  public BackendDraft checkFall(int n) {
    checkFall = n;
    return this;
  }

  public BackendDraft checkExpectStatus(List<StatusRange> s) {
    checkExpectStatus = List.copyOf(s);
    return this;
  }

  /**
   * The backend, with one server per entry of {@code servers} (name → address), each of weight 1,
   * UP at first and checked as the backend is.
   */
  public Backend build(String name, Map<String, HostPort> servers) {
    HealthCheck check = healthCheck();
    List<Server> list = new ArrayList<>(servers.size());
    servers.forEach(
        (n, address) ->
            list.add(
                new Server(
                    n, address, Server.DEFAULT_WEIGHT, serverMaxconn, InitialState.UP, check)));
    Faults faults =
        faultDelay == null && faultAbort == null ? null : new Faults(faultDelay, faultAbort);
    BackendPolicy policy =
        new BackendPolicy(
            check,
            defaults.policy().observe(),
            retries,
            circuitBreaker,
            outlierDetection,
            limits,
            slowstart,
            faults);
    return new Backend(
        name,
        balance,
        defaults.maxqueue(),
        timeouts,
        policy,
        list,
        tls,
        protocol,
        Backend.DEFAULT_MAX_STREAMS,
        maxBodySize);
  }

  /** The protocol to the pods, and TLS to them ({@code null}: plain). */
  public void protocol(BackendProtocol p, BackendTls t) {
    protocol = p;
    tls = t;
  }

  /**
   * The effective check: the defaults' with the annotations' keys over it. As in the config file,
   * {@code fastinter}, {@code downinter} and {@code timeout} follow a new interval unless the
   * defaults set them apart from their own interval.
   */
  private HealthCheck healthCheck() {
    HealthCheck template = defaults.policy().healthCheck();
    boolean keys =
        checkPath != null
            || checkInterval != null
            || checkRise != null
            || checkFall != null
            || checkExpectStatus != null;
    if (checkMode == CheckMode.OFF) {
      return null;
    }
    if (checkMode == null && !keys) {
      return template;
    }
    HealthCheck base = template != null ? template : HealthCheck.DEFAULT;
    HealthCheck.Type type;
    if (checkMode != null) {
      type = checkMode == CheckMode.HTTP ? HealthCheck.Type.HTTP : HealthCheck.Type.TCP;
    } else if (checkPath != null || checkExpectStatus != null) {
      type = HealthCheck.Type.HTTP;
    } else {
      type = base.type();
    }
    Duration interval = checkInterval != null ? checkInterval : base.interval();
    return new HealthCheck(
        type,
        base.method(),
        checkPath != null ? checkPath : base.path(),
        base.host(),
        checkExpectStatus != null ? checkExpectStatus : base.expectStatus(),
        base.expectBody(),
        interval,
        follow(base.fastinter(), base.interval(), interval),
        follow(base.downinter(), base.interval(), interval),
        follow(base.timeout(), base.interval(), interval),
        checkRise != null ? checkRise : base.rise(),
        checkFall != null ? checkFall : base.fall(),
        base.port());
  }

  private static Duration follow(Duration derived, Duration oldInterval, Duration newInterval) {
    return derived.equals(oldInterval) ? newInterval : derived;
  }
}
