package io.breakwater.dataplane;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.proxy.BackendRuntime;
import io.breakwater.dataplane.proxy.FrontendState;
import io.breakwater.dataplane.proxy.ProxyEngine;
import io.breakwater.dataplane.proxy.ServerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dataplane's mutation and inspection API: the one way to change what the proxy does, used
 * alike by the CLI, the Runtime API, the REST API and the controller. Every change is a whole new
 * config published atomically; requests in flight finish on the config they started with.
 */
public final class Dataplane implements AutoCloseable {
  private final ProxyEngine engine;

  private Dataplane(ProxyEngine engine) {
    this.engine = engine;
  }

  /**
   * Starts the proxy.
   *
   * @throws ConfigException when the config is invalid or cannot be applied (e.g. a port in use)
   */
  public static Dataplane start(Config config) {
    return new Dataplane(ProxyEngine.start(config));
  }

  /** The config running now. */
  public Config config() {
    return engine.config();
  }

  /** Replaces the whole config atomically; see {@link ProxyEngine#apply}. */
  public void apply(Config config) {
    engine.apply(config);
  }

  /**
   * Replaces one backend's server set, everything else unchanged: the hot path for pod churn. A
   * server given without a health check gets its backend's, as a server written in the config file
   * would.
   *
   * @throws ConfigException when there is no such backend or the new set is invalid
   */
  public synchronized void setServers(String backendName, List<Server> servers) {
    Config c = engine.config();
    List<Backend> backends = new ArrayList<>(c.backends());
    int i = indexOf(backends, backendName);
    if (i < 0) {
      throw new ConfigException(
          "config",
          List.of(new ConfigError("backend", "no backend named \"" + backendName + "\"")));
    }
    Backend backend = backends.get(i);
    HealthCheck check = backend.policy().healthCheck();
    List<Server> checked = new ArrayList<>(servers.size());
    for (Server s : servers) {
      checked.add(s.healthCheck() == null && check != null ? s.withHealthCheck(check) : s);
    }
    backends.set(i, backend.withServers(checked));
    engine.apply(new Config(c.global(), c.defaults(), c.frontends(), backends));
  }

  private static int indexOf(List<Backend> backends, String name) {
    for (int i = 0; i < backends.size(); i++) {
      if (backends.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The port a frontend listens on (useful when the config asked for port 0), or -1. */
  public int port(String frontendName) {
    return engine.boundPort(frontendName);
  }

  /** {@code epoll} or {@code nio}. */
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
   * Sets a server's administrative state (READY, DRAIN, MAINT); kept across config changes while
   * the server remains.
   *
   * @throws IllegalArgumentException when there is no such server
   */
  public void setAdminState(String backendName, String serverName, AdminState state) {
    ServerState s = server(backendName, serverName);
    if (s == null) {
      throw new IllegalArgumentException("no server " + backendName + "/" + serverName);
    }
    s.setAdminState(state);
  }

  /** Client connections open now. */
  public int connections() {
    return engine.connections();
  }

  /** Graceful stop; true when every connection finished within {@code grace}. */
  public boolean shutdown(Duration grace) {
    return engine.shutdown(grace);
  }

  @Override
  public void close() {
    engine.close();
  }
}
