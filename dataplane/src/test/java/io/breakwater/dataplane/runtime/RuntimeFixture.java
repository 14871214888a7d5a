package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.RuntimeApiListener;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataplane with backends {@code app} (servers a and b, two echo servers), {@code checked} (one
 * server c with an HTTP check) and {@code junk} (a server that answers garbage, on path {@code
 * /junk}), and a Runtime API started the way the integrator starts it: from the config's {@code
 * global.runtimeApi}, one Unix socket per access level in {@code dir}.
 */
final class RuntimeFixture implements AutoCloseable {
  final EchoServer a;
  final EchoServer b;
  final JunkServer junk;
  final Dataplane dp;
  final RuntimeApiServer api;
  final Config config;

  RuntimeFixture(Path dir) throws IOException {
    a = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    b = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "b");
    junk = new JunkServer();
    Config base =
        TestConfig.create()
            .backend("app", server("a", a.port()), server("b", b.port()))
            .backend("checked", server("c", a.port()))
            .backend("junk", server("j", junk.port()))
            .route(null, "/junk", PathType.PREFIX, "junk")
            .build();
    HealthCheck check =
        new HealthCheck(
            HealthCheck.Type.HTTP,
            "GET",
            "/healthz",
            null,
            StatusRange.CHECK_OK,
            null,
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            1,
            1,
            0);
    List<Backend> backends = new ArrayList<>(base.backends());
    Backend checked = backends.get(1);
    BackendPolicy p = checked.policy();
    checked =
        checked.withPolicy(
            new BackendPolicy(
                check,
                p.observe(),
                p.retries(),
                p.circuitBreaker(),
                p.outlierDetection(),
                p.limits(),
                p.slowstart(),
                p.faults()));
    backends.set(1, checked.withServers(List.of(checked.servers().get(0).withHealthCheck(check))));
    List<RuntimeApiListener> listeners =
        List.of(
            RuntimeApiListener.unix(dir.resolve("admin.sock").toString(), AccessLevel.ADMIN),
            RuntimeApiListener.unix(dir.resolve("operator.sock").toString(), AccessLevel.OPERATOR),
            RuntimeApiListener.unix(dir.resolve("user.sock").toString(), AccessLevel.USER));
    config =
        new Config(
            base.global().withInterfaces(listeners, null, null, AccessLog.OFF),
            base.defaults(),
            base.frontends(),
            backends);
    dp = Dataplane.start(config);
    api = dp.runtimeApi(); // the dataplane starts (and closes) the listeners its config names
  }

  SocketAddress address(AccessLevel level) {
    return api.localAddresses().get(2 - level.ordinal());
  }

  /** Runs a line at a level and returns the raw answer, which must end with an empty line. */
  String raw(AccessLevel level, String line) throws IOException {
    String out = CliClient.oneShot(address(level), line + "\n");
    assertThat(out).as("answer to %s", line).endsWith("\n");
    return out;
  }

  /** Runs one command at a level and returns its output without the empty line that ends it. */
  String run(AccessLevel level, String command) throws IOException {
    String out = raw(level, command);
    if (out.equals("\n")) {
      return "";
    }
    assertThat(out).as("answer to %s", command).endsWith("\n\n");
    return out.substring(0, out.length() - 1);
  }

  String admin(String command) throws IOException {
    return run(AccessLevel.ADMIN, command);
  }

  int httpPort() {
    return dp.port("http");
  }

  @Override
  public void close() throws IOException {
    dp.close();
    a.close();
    b.close();
    junk.close();
  }
}
