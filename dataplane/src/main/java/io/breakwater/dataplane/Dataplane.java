package io.breakwater.dataplane;

import io.breakwater.dataplane.api.RestApiServer;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.proxy.BackendRuntime;
import io.breakwater.dataplane.proxy.FrontendState;
import io.breakwater.dataplane.proxy.ProxyEngine;
import io.breakwater.dataplane.proxy.ServerState;
import io.breakwater.dataplane.runtime.RuntimeApiServer;
import io.breakwater.dataplane.stats.CapturedError;
import io.breakwater.dataplane.stats.ClientSession;
import io.breakwater.dataplane.stats.ErrorCapture;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.statspage.StatsServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The dataplane's mutation and inspection API: the one way to change what the proxy does, used
 * alike by the CLI, the Runtime API, the REST API and the controller. Every configuration change
 * leaves a whole new config ({@link #config()}), numbered by {@link #version()}; a change to one
 * backend is compiled and published for that backend alone. Requests in flight finish on the config
 * they started with. Mutations are serialized, so a read-modify-write (set a weight, add a server)
 * never loses a concurrent change.
 */
public final class Dataplane implements AutoCloseable {
  private final ProxyEngine engine;
  private final List<AutoCloseable> interfaces = new ArrayList<>();
  private RuntimeApiServer runtimeApi;
  private StatsServer statsServer;
  private RestApiServer restApi;
  private long version = 1;
  private long appliedAtMillis = System.currentTimeMillis();
  private volatile boolean awaitingConfig;

  private Dataplane(ProxyEngine engine) {
    this.engine = engine;
  }

  /**
   * Starts the proxy.
   *
   * @throws ConfigException when the config is invalid or cannot be applied (e.g. a port in use)
   */
  public static Dataplane start(Config config) {
    Dataplane dp = new Dataplane(ProxyEngine.start(config));
    try {
      dp.startInterfaces(config);
    } catch (RuntimeException e) {
      dp.close();
      throw e;
    }
    return dp;
  }

  /**
   * Starts the operator interfaces the config asks for: the Runtime API, the stats listener (stats
   * page, {@code /metrics}, probes) and the REST Data Plane API. They are read at start only: like
   * {@code workers}, changing them takes a restart (a warning says so).
   */
  private void startInterfaces(Config config) {
    Global g = config.global();
    if (!g.runtimeApi().isEmpty()) {
      runtimeApi = RuntimeApiServer.start(this, g.runtimeApi());
      interfaces.add(runtimeApi);
    }
    if (g.stats() != null) {
      statsServer = StatsServer.start(this, g.stats());
      interfaces.add(statsServer);
    }
    if (g.dataplaneApi() != null) {
      restApi = RestApiServer.start(this, g.dataplaneApi());
      interfaces.add(restApi);
    }
  }

  /** The running Runtime API listeners, or null when the config has none. */
  public RuntimeApiServer runtimeApi() {
    return runtimeApi;
  }

  /** The running REST Data Plane API, or null when the config has none. */
  public RestApiServer restApi() {
    return restApi;
  }

  /** The running stats listener, or null when the config has none. */
  public StatsServer statsServer() {
    return statsServer;
  }

  private void closeInterfaces() {
    for (AutoCloseable i : interfaces) {
      try {
        i.close();
      } catch (Exception e) {
        // closing is best effort; the listener's own close logs what went wrong
      }
    }
    interfaces.clear();
  }

  /** The config running now. */
  public Config config() {
    return engine.config();
  }

  /** The running config's number: 1 at start, one more with every change applied. */
  public synchronized long version() {
    return version;
  }

  /** When the running config was applied (epoch milliseconds). */
  public synchronized long appliedAtMillis() {
    return appliedAtMillis;
  }

  /**
   * Replaces the whole config atomically; see {@link ProxyEngine#apply}. Returns the new version.
   */
  public synchronized long apply(Config config) {
    long v = applyWhole(config);
    awaitingConfig = false;
    return v;
  }

  /**
   * Holds readiness ({@link #ready()}, {@code /readyz}) off until the next whole-config {@link
   * #apply}: for a dataplane started on a bootstrap config that its controller replaces (the {@code
   * --wait-for-config} flag). Traffic is served meanwhile; only the probe says not ready.
   */
  public void awaitConfig() {
    awaitingConfig = true;
  }

  /** Whether the dataplane runs a real config: false after {@link #awaitConfig} until an apply. */
  public boolean ready() {
    return !awaitingConfig;
  }

  private long applyWhole(Config config) {
    // A config that differs from the running one only inside some backends (what a controller's
    // resync sends after endpoint changes) takes the one-backend path for each of them.
    engine.apply(config);
    version++;
    appliedAtMillis = System.currentTimeMillis();
    return version;
  }

  /**
   * Replaces the whole config if {@code expectedVersion} is still the running one (optimistic
   * concurrency for writers that read, change and write back).
   *
   * @throws ConfigException when the version is stale or the config invalid; nothing changes then
   */
  public synchronized long apply(long expectedVersion, Config config) {
    if (expectedVersion != version) {
      throw error(
          "version",
          expectedVersion + " is not the running config's version " + version + " (read it again)");
    }
    return apply(config);
  }

  /**
   * Replaces one backend's server set, everything else unchanged: the hot path for pod churn.
   * Servers that remain keep their state, removed ones drain, new ones start as their health policy
   * says. A server given without a health check gets its backend's, as a server written in the
   * config file would. Only this backend is checked, resolved and compiled ({@link
   * ProxyEngine#applyBackend}), so the cost does not grow with the number of other backends; the
   * server changes below take the same path.
   *
   * @throws ConfigException when there is no such backend or the new set is invalid
   */
  public synchronized long setServers(String backendName, List<Server> servers) {
    return changeBackend(
        backendName,
        backend -> {
          HealthCheck check = backend.policy().healthCheck();
          List<Server> checked = new ArrayList<>(servers.size());
          for (Server s : servers) {
            checked.add(s.healthCheck() == null && check != null ? s.withHealthCheck(check) : s);
          }
          return backend.withServers(checked);
        });
  }

  /** Sets a server's configured weight (0..256). */
  public synchronized long setWeight(String backendName, String serverName, int weight) {
    return changeServer(
        backendName,
        serverName,
        s ->
            new Server(
                s.name(), s.address(), weight, s.maxconn(), s.initialState(), s.healthCheck()));
  }

  /** Moves a server to another address; its pooled connections to the old one are retired. */
  public synchronized long setAddress(String backendName, String serverName, HostPort address) {
    return changeServer(
        backendName,
        serverName,
        s ->
            new Server(
                s.name(), address, s.weight(), s.maxconn(), s.initialState(), s.healthCheck()));
  }

  /** Sets a server's maxconn (0 = unlimited). */
  public synchronized long setMaxconn(String backendName, String serverName, int maxconn) {
    return changeServer(
        backendName,
        serverName,
        s ->
            new Server(
                s.name(), s.address(), s.weight(), maxconn, s.initialState(), s.healthCheck()));
  }

  /**
   * Adds a server to a backend (it gets the backend's health check when it has none).
   *
   * @throws ConfigException when the backend is unknown or the name already used
   */
  public synchronized long addServer(String backendName, Server server) {
    return addServer(backendName, server, AdminState.READY);
  }

  /**
   * Adds a server in the given administrative state, which it has from the moment it is published:
   * added in MAINT (as HAProxy's {@code add server} does), it takes no request until enabled.
   *
   * @throws ConfigException when the backend is unknown or the name already used
   */
  public synchronized long addServer(String backendName, Server server, AdminState adminState) {
    Backend b = backend(config(), backendName);
    for (Server s : b.servers()) {
      if (s.name().equals(server.name())) {
        throw error("server", "backend " + backendName + " already has a server " + server.name());
      }
    }
    HealthCheck check = b.policy().healthCheck();
    List<Server> servers = new ArrayList<>(b.servers());
    servers.add(
        server.healthCheck() == null && check != null ? server.withHealthCheck(check) : server);
    return applyBackend(
        b.withServers(servers),
        adminState == AdminState.READY ? Map.of() : Map.of(server.name(), adminState));
  }

  /**
   * Deletes a server. As with HAProxy, only a server in MAINT with no request in flight can be
   * deleted, so nothing is cut off.
   *
   * @throws ConfigException otherwise, saying why
   */
  public synchronized long deleteServer(String backendName, String serverName) {
    ServerState st = requireServer(backendName, serverName);
    if (st.adminState() != AdminState.MAINT) {
      throw error(
          "server",
          backendName
              + "/"
              + serverName
              + " is "
              + st.adminState().configName()
              + "; put it in maint first");
    }
    if (st.active() > 0) {
      throw error(
          "server", backendName + "/" + serverName + " still has " + st.active() + " request(s)");
    }
    Backend b = backend(config(), backendName);
    List<Server> servers = new ArrayList<>();
    for (Server s : b.servers()) {
      if (!s.name().equals(serverName)) {
        servers.add(s);
      }
    }
    return changeBackend(backendName, backend -> backend.withServers(servers));
  }

  private long changeServer(String backendName, String serverName, UnaryOperator<Server> change) {
    requireServer(backendName, serverName);
    return changeBackend(
        backendName,
        b -> {
          List<Server> servers = new ArrayList<>(b.servers());
          for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).name().equals(serverName)) {
              servers.set(i, change.apply(servers.get(i)));
            }
          }
          return b.withServers(servers);
        });
  }

  /**
   * Changes one backend alone ({@link ProxyEngine#applyBackend}): only it is validated, resolved
   * and compiled, whatever the number of other backends.
   */
  private long changeBackend(String backendName, UnaryOperator<Backend> change) {
    return applyBackend(change.apply(backend(config(), backendName)), Map.of());
  }

  private long applyBackend(Backend backend, Map<String, AdminState> newServerAdminStates) {
    engine.applyBackend(backend, newServerAdminStates);
    version++;
    appliedAtMillis = System.currentTimeMillis();
    return version;
  }

  private static Backend backend(Config c, String name) {
    Backend b = c.backend(name);
    if (b == null) {
      throw error("backend", "no backend named \"" + name + "\"");
    }
    return b;
  }

  private static ConfigException error(String path, String message) {
    return new ConfigException("runtime", List.of(new ConfigError(path, message)));
  }

  // ---- runtime state (not part of the config) ----

  /**
   * Sets a server's administrative state (READY, DRAIN, MAINT); kept across config changes while
   * the server remains.
   *
   * @throws ConfigException when there is no such server
   */
  public void setAdminState(String backendName, String serverName, AdminState state) {
    requireServer(backendName, serverName).setAdminState(state);
  }

  /**
   * Stops or resumes a server's health checks (HAProxy's {@code disable/enable health}). While
   * stopped, the server counts as UP whatever its last checks said.
   */
  public void setHealthChecks(String backendName, String serverName, boolean enabled) {
    requireServer(backendName, serverName).setHealthChecksEnabled(enabled);
  }

  /** Resets the traffic counters of every frontend, backend and server. */
  public void clearCounters() {
    engine.clearCounters();
  }

  private ServerState requireServer(String backendName, String serverName) {
    if (engine.backend(backendName) == null) {
      throw error("backend", "no backend named \"" + backendName + "\"");
    }
    ServerState s = server(backendName, serverName);
    if (s == null) {
      throw error("server", "no server " + backendName + "/" + serverName);
    }
    return s;
  }

  // ---- inspection ----

  /** Everything the stats page, the Runtime API and metrics show, read now. */
  public StatsSnapshot stats() {
    return engine.stats(version(), appliedAtMillis());
  }

  /** The process information of {@link #stats()} alone, cheap however many servers run. */
  public StatsSnapshot.Info info() {
    return engine.info(version(), appliedAtMillis());
  }

  /** The port a frontend listens on (useful when the config asked for port 0), or -1. */
  public int port(String frontendName) {
    return engine.boundPort(frontendName);
  }

  /** {@code io_uring}, {@code epoll} or {@code nio}. */
  public String transport() {
    return engine.transport();
  }

  /** A frontend's counters, or null. */
  public FrontendState frontend(String name) {
    return engine.frontendState(name);
  }

  /** A backend as running now, or null. */
  public BackendRuntime backend(String name) {
    return engine.backend(name);
  }

  /** A server's state, or null. */
  public ServerState server(String backendName, String serverName) {
    BackendRuntime b = engine.backend(backendName);
    if (b == null) {
      return null;
    }
    for (ServerState s : b.servers()) {
      if (s.name().equals(serverName)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The last malformed requests and responses the frontends rejected (400, 414, 431, and 502 for an
   * invalid response), oldest first, at most {@link ErrorCapture#CAPACITY}: HAProxy's {@code show
   * errors}. See {@link CapturedError} for what is kept.
   */
  public List<CapturedError> recentErrors() {
    return engine.recentErrors();
  }

  /** The client connections open now, oldest first ({@code show sess}). */
  public List<ClientSession> sessions() {
    return engine.sessions();
  }

  /** Client connections open now. */
  public int connections() {
    return engine.connections();
  }

  /** Graceful stop; true when every connection finished within {@code grace}. */
  public boolean shutdown(Duration grace) {
    closeInterfaces();
    return engine.shutdown(grace);
  }

  @Override
  public void close() {
    closeInterfaces();
    engine.close();
  }
}
