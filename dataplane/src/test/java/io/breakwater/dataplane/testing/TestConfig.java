package io.breakwater.dataplane.testing;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Balance;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Defaults;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Timeouts;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.config.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds configs for tests in code: one frontend {@code http} on a free loopback port whose default
 * backend is the first backend, plus whatever backends and routes a test adds.
 */
public final class TestConfig {
  private Global global = new Global(2, 10_000, Transport.AUTO, Duration.ofSeconds(5));
  private Timeouts timeouts = Timeouts.DEFAULT;
  private final List<Backend> backends = new ArrayList<>();
  private final List<Route> routes = new ArrayList<>();
  private String defaultBackend;
  private boolean noDefault;
  private int port;
  private Tls tls;
  private boolean http2;

  public static TestConfig create() {
    return new TestConfig();
  }

  public static Server server(String name, int port) {
    return new Server(name, new HostPort("127.0.0.1", port), 1, 0);
  }

  public static Server server(String name, int port, int weight, int maxconn) {
    return new Server(name, new HostPort("127.0.0.1", port), weight, maxconn);
  }

  public TestConfig global(int workers, int maxconn, Transport transport) {
    global = new Global(workers, maxconn, transport, global.shutdownGrace());
    return this;
  }

  public TestConfig timeouts(Timeouts t) {
    timeouts = t;
    return this;
  }

  public TestConfig port(int p) {
    port = p;
    return this;
  }

  public TestConfig backend(String name, Server... servers) {
    return backend(name, Balance.ROUNDROBIN, 0, servers);
  }

  public TestConfig backend(String name, Balance balance, int maxqueue, Server... servers) {
    backends.add(new Backend(name, balance, maxqueue, timeouts, List.of(servers)));
    return this;
  }

  /** Adds a backend built by the test (its own timeouts, protocol, policy). */
  public TestConfig backend(Backend b) {
    backends.add(b);
    return this;
  }

  /** The timeouts backends get unless a test builds its own. */
  public Timeouts timeouts() {
    return timeouts;
  }

  public TestConfig route(String host, String path, PathType type, String backend) {
    routes.add(new Route(host, path, type, backend));
    return this;
  }

  /** Makes the frontend terminate TLS. */
  public TestConfig tls(Tls t) {
    tls = t;
    return this;
  }

  /** Lets clients speak HTTP/2 (ALPN with TLS, prior knowledge without). */
  public TestConfig http2() {
    http2 = true;
    return this;
  }

  public TestConfig defaultBackend(String name) {
    defaultBackend = name;
    return this;
  }

  public TestConfig noDefaultBackend() {
    noDefault = true;
    return this;
  }

  public Config build() {
    String def =
        noDefault
            ? null
            : defaultBackend != null
                ? defaultBackend
                : backends.isEmpty() ? null : backends.get(0).name();
    Frontend f =
        new Frontend("http", new HostPort("127.0.0.1", port), def, routes, timeouts, tls, http2);
    return new Config(global, Defaults.DEFAULT, List.of(f), backends);
  }

  /** Timeouts with every value {@code d} except those a test sets afterwards. */
  public static Timeouts timeoutsAll(Duration d) {
    return new Timeouts(d, d, d, d, d, d, d, d);
  }
}
