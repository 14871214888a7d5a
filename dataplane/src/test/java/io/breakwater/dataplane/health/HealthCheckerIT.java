package io.breakwater.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.transport.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A checker with the real probe against an echo server whose health a test switches. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthCheckerIT {
  private EchoServer echo;
  private EventLoopGroup group;
  private HealthProbe probe;

  @BeforeEach
  void start() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    Transports transports = Transports.select(Transport.AUTO);
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("health-it", true), transports.ioHandlerFactory());
    probe = new HealthProbe(transports);
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    echo.close();
  }

  @Test
  void reportsEachCheckAndFollowsTheServersHealth() {
    List<ProbeResult> results = new CopyOnWriteArrayList<>();
    HealthChecker checker =
        new HealthChecker(
            probe,
            group.next(),
            new InetSocketAddress("127.0.0.1", echo.port()),
            Checks.http("/healthz"),
            () -> Duration.ofMillis(20),
            results::add);

    checker.start();
    Await.until(() -> results.size() >= 2);
    echo.healthy(false);
    Await.until(() -> last(results).code().equals(ProbeResult.L7STS));
    checker.updateCheck(Checks.tcp());
    Await.until(() -> last(results).code().equals(ProbeResult.L4OK));
    checker.stop();

    assertThat(results.get(0).code()).isEqualTo(ProbeResult.L7OK);
    Await.until(() -> echo.activeConnections() == 0);
  }

  private static ProbeResult last(List<ProbeResult> results) {
    return results.get(results.size() - 1);
  }
}
