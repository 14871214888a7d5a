package io.breakwater.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.transport.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Single checks against real loopback servers, on each transport for the basic outcomes. Every wait
 * is bounded: results come from futures with a timeout, and timeouts under test are short.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthProbeIT {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Map<Transport, EventLoopGroup> GROUPS = new EnumMap<>(Transport.class);
  private static final Map<Transport, HealthProbe> PROBES = new EnumMap<>(Transport.class);

  private EchoServer echo;

  @BeforeAll
  static void startLoops() {
    for (Transport t : List.of(Transport.NIO, Transport.EPOLL, Transport.IO_URING)) {
      Transports transports;
      try {
        transports = Transports.select(t);
      } catch (Throwable unavailable) {
        continue; // the parameterized tests skip it
      }
      GROUPS.put(
          t,
          new MultiThreadIoEventLoopGroup(
              1,
              new DefaultThreadFactory("health-" + t.configName(), true),
              transports.ioHandlerFactory()));
      PROBES.put(t, new HealthProbe(transports));
    }
  }

  @AfterAll
  static void stopLoops() {
    for (EventLoopGroup g : GROUPS.values()) {
      g.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
    GROUPS.clear();
    PROBES.clear();
  }

  @BeforeEach
  void startEcho() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterEach
  void stopEcho() {
    echo.close();
  }

  private static ProbeResult probe(Transport t, InetSocketAddress target, HealthCheck check)
      throws Exception {
    Assumptions.assumeTrue(GROUPS.containsKey(t), () -> t + " is not available here");
    EventLoop loop = GROUPS.get(t).next();
    Future<ProbeResult> f = PROBES.get(t).probe(loop, target, check);
    return f.get(10, TimeUnit.SECONDS);
  }

  private static ProbeResult probe(InetSocketAddress target, HealthCheck check) throws Exception {
    return probe(Transport.NIO, target, check);
  }

  private InetSocketAddress echoAddress() {
    return new InetSocketAddress("127.0.0.1", echo.port());
  }

  private void assertEchoConnectionsClosed() {
    Await.until(() -> echo.activeConnections() == 0);
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NIO", "EPOLL", "IO_URING"})
  void tcpCheckPassesWhenTheConnectionIsEstablished(Transport t) throws Exception {
    ProbeResult r = probe(t, echoAddress(), Checks.tcp());

    assertThat(r.passed()).isTrue();
    assertThat(r.code()).isEqualTo(ProbeResult.L4OK);
    assertThat(r.durationNanos()).isPositive();
    // The kernel completes the handshake before the server's loop accepts.
    Await.until(() -> echo.connectionsAccepted() == 1);
    assertEchoConnectionsClosed();
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NIO", "EPOLL", "IO_URING"})
  void refusedConnectionIsL4conWithTheReason(Transport t) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ProbeResult r = probe(t, new InetSocketAddress("127.0.0.1", closedPort), Checks.tcp());

    assertThat(r.passed()).isFalse();
    assertThat(r.code()).isEqualTo(ProbeResult.L4CON);
    assertThat(r.description()).containsIgnoringCase("refused");
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NIO", "EPOLL", "IO_URING"})
  void unansweredConnectIsL4toutAfterTheTimeout(Transport t) throws Exception {
    // A listener that never accepts, with its accept queue filled: further SYNs go unanswered.
    try (ServerSocket blackhole = new ServerSocket()) {
      blackhole.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      List<Socket> fillers = fill(blackhole);
      try {
        long t0 = System.nanoTime();
        ProbeResult r =
            probe(
                t,
                new InetSocketAddress("127.0.0.1", blackhole.getLocalPort()),
                Checks.timeout(Checks.http("/"), SHORT));

        assertThat(r.code()).isEqualTo(ProbeResult.L4TOUT);
        assertThat(r.passed()).isFalse();
        assertThat(r.duration()).isBetween(SHORT.minusMillis(50), Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  private static List<Socket> fill(ServerSocket blackhole) throws IOException {
    List<Socket> fillers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Socket s = new Socket();
      try {
        s.connect(blackhole.getLocalSocketAddress(), 200);
        fillers.add(s);
      } catch (IOException full) {
        s.close();
        break;
      }
    }
    return fillers;
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NIO", "EPOLL", "IO_URING"})
  void httpCheckPassesOnAnExpectedStatus(Transport t) throws Exception {
    ProbeResult r = probe(t, echoAddress(), Checks.http("/healthz"));

    assertThat(r.passed()).isTrue();
    assertThat(r.code()).isEqualTo(ProbeResult.L7OK);
    assertThat(r.description()).isEqualTo("HTTP status 200");
    assertThat(echo.requests()).isEqualTo(1);
    assertEchoConnectionsClosed();
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"NIO", "EPOLL", "IO_URING"})
  void unhealthyServerFailsWithL7sts(Transport t) throws Exception {
    echo.healthy(false);
    ProbeResult r = probe(t, echoAddress(), Checks.http("/healthz"));

    assertThat(r.passed()).isFalse();
    assertThat(r.code()).isEqualTo(ProbeResult.L7STS);
    assertThat(r.description()).isEqualTo("HTTP status 503");
  }

  @Test
  void expectStatusRangesDecide() throws Exception {
    HealthCheck only503 = Checks.expectStatus(Checks.http("/healthz"), new StatusRange(503, 503));
    HealthCheck twoRanges =
        Checks.expectStatus(
            Checks.http("/?status=404"), new StatusRange(200, 204), new StatusRange(400, 404));
    HealthCheck notThisOne =
        Checks.expectStatus(Checks.http("/?status=302"), new StatusRange(200, 299));

    assertThat(probe(echoAddress(), only503).code()).isEqualTo(ProbeResult.L7STS);
    echo.healthy(false);
    assertThat(probe(echoAddress(), only503).code()).isEqualTo(ProbeResult.L7OK);
    assertThat(probe(echoAddress(), twoRanges).code()).isEqualTo(ProbeResult.L7OK);
    ProbeResult r = probe(echoAddress(), notThisOne);
    assertThat(r.code()).isEqualTo(ProbeResult.L7STS);
    assertThat(r.description()).isEqualTo("HTTP status 302");
  }

  @Test
  void expectBodyMatchesASubstringOfTheBody() throws Exception {
    ProbeResult ok = probe(echoAddress(), Checks.expectBody(Checks.http("/healthz"), "ok"));
    ProbeResult missing = probe(echoAddress(), Checks.expectBody(Checks.http("/healthz"), "ready"));

    assertThat(ok.code()).isEqualTo(ProbeResult.L7OK);
    assertThat(ok.description()).isEqualTo("HTTP status 200, body contains \"ok\"");
    assertThat(missing.passed()).isFalse();
    assertThat(missing.code()).isEqualTo(ProbeResult.L7RSP);
    assertThat(missing.description()).isEqualTo("HTTP status 200, body lacks \"ready\"");
  }

  @Test
  void statusIsJudgedBeforeTheBody() throws Exception {
    echo.healthy(false);
    ProbeResult r = probe(echoAddress(), Checks.expectBody(Checks.http("/healthz"), "unhealthy"));

    assertThat(r.code()).isEqualTo(ProbeResult.L7STS);
  }

  @Test
  void slowAnswerIsL7toutAndTheConnectionIsClosed() throws Exception {
    ProbeResult r = probe(echoAddress(), Checks.timeout(Checks.http("/healthz?delay=2s"), SHORT));

    assertThat(r.passed()).isFalse();
    assertThat(r.code()).isEqualTo(ProbeResult.L7TOUT);
    assertThat(r.duration()).isBetween(SHORT.minusMillis(50), Duration.ofMillis(1_900));
    assertEchoConnectionsClosed();
  }

  @Test
  void garbageAnswerIsL7rsp() throws Exception {
    try (ScriptedServer garbage = ScriptedServer.answering("HELLO THERE\r\n\r\n")) {
      ProbeResult r = probe(new InetSocketAddress("127.0.0.1", garbage.port()), Checks.http("/"));

      assertThat(r.passed()).isFalse();
      assertThat(r.code()).isEqualTo(ProbeResult.L7RSP);
      assertThat(r.description()).startsWith("invalid HTTP response");
    }
  }

  @Test
  void closeWithoutAnswerIsL7rsp() throws Exception {
    try (ScriptedServer silent = ScriptedServer.answering("")) {
      ProbeResult r = probe(new InetSocketAddress("127.0.0.1", silent.port()), Checks.http("/"));

      assertThat(r.code()).isEqualTo(ProbeResult.L7RSP);
      assertThat(r.description()).isEqualTo("connection closed without a response");
    }
  }

  @Test
  void bodyCutShortIsL7rspWhenTheBodyMatters() throws Exception {
    String cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part";
    try (ScriptedServer server = ScriptedServer.answering(cut)) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());

      ProbeResult statusOnly = probe(target, Checks.http("/"));
      ProbeResult found = probe(target, Checks.expectBody(Checks.http("/"), "only"));
      ProbeResult notFound = probe(target, Checks.expectBody(Checks.http("/"), "whole"));

      assertThat(statusOnly.code()).isEqualTo(ProbeResult.L7OK);
      assertThat(found.code()).isEqualTo(ProbeResult.L7OK);
      assertThat(notFound.code()).isEqualTo(ProbeResult.L7RSP);
      assertThat(notFound.description())
          .isEqualTo("connection closed before the end of the response");
    }
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    String answer =
        "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nready";
    try (ScriptedServer server = ScriptedServer.answering(answer)) {
      ProbeResult r =
          probe(
              new InetSocketAddress("127.0.0.1", server.port()),
              Checks.expectBody(Checks.http("/"), "ready"));

      assertThat(r.code()).isEqualTo(ProbeResult.L7OK);
    }
  }

  @Test
  void resetAfterConnectIsSockerr() throws Exception {
    try (ScriptedServer server = ScriptedServer.resetting()) {
      ProbeResult r = probe(new InetSocketAddress("127.0.0.1", server.port()), Checks.http("/"));

      assertThat(r.code()).isEqualTo(ProbeResult.SOCKERR);
      assertThat(r.description()).containsIgnoringCase("reset");
    }
  }

  @Test
  void sendsTheServerAddressAsHostUnlessTheCheckNamesOne() throws Exception {
    HealthCheck byAddress =
        Checks.expectBody(Checks.http("/"), "\"host\":\"127.0.0.1:" + echo.port() + "\"");
    HealthCheck named =
        Checks.expectBody(
            Checks.host(Checks.http("/"), "health.example"), "\"host\":\"health.example\"");

    assertThat(probe(echoAddress(), byAddress).code()).isEqualTo(ProbeResult.L7OK);
    assertThat(probe(echoAddress(), named).code()).isEqualTo(ProbeResult.L7OK);
  }

  @Test
  void sendsMethodUserAgentAndConnectionClose() throws Exception {
    HealthCheck check =
        Checks.expectBody(Checks.method(Checks.http("/"), "OPTIONS"), "\"method\":\"OPTIONS\"");
    HealthCheck headers =
        Checks.expectBody(
            Checks.http("/"),
            "\"connection\":\"close\",\"user-agent\":\"" + HealthProbe.USER_AGENT + "\"");

    assertThat(probe(echoAddress(), check).code()).isEqualTo(ProbeResult.L7OK);
    assertThat(probe(echoAddress(), headers).code()).isEqualTo(ProbeResult.L7OK);
  }

  @Test
  void checkPortReplacesTheServerPort() throws Exception {
    InetSocketAddress wrongPort = new InetSocketAddress("127.0.0.1", 1);
    ProbeResult r = probe(wrongPort, Checks.port(Checks.http("/healthz"), echo.port()));

    assertThat(r.code()).isEqualTo(ProbeResult.L7OK);
  }

  @Test
  void largeBodyIsJudgedOnItsFirst16KiB() throws Exception {
    // The filler body repeats the base64url alphabet; a string across its wrap-around is found
    // within the first 64 bytes, a string that never occurs is given up on after 16 KiB.
    HealthCheck found = Checks.expectBody(Checks.http("/?size=1048576"), "456789-_ABCD");
    HealthCheck absent = Checks.expectBody(Checks.http("/?size=1048576"), "not in the filler");

    ProbeResult ok = probe(echoAddress(), found);
    ProbeResult missing = probe(echoAddress(), absent);

    assertThat(ok.code()).isEqualTo(ProbeResult.L7OK);
    assertThat(missing.code()).isEqualTo(ProbeResult.L7RSP);
    assertThat(missing.description())
        .isEqualTo(
            "HTTP status 200, first "
                + HealthProbe.MAX_BODY_BYTES
                + " body bytes lack \"not in the filler\"");
    assertEchoConnectionsClosed();
  }

  @Test
  void invalidCheckRequestIsReportedNotThrown() throws Exception {
    ProbeResult r = probe(echoAddress(), Checks.method(Checks.http("/"), "NOT A METHOD"));

    assertThat(r.code()).isEqualTo(ProbeResult.SOCKERR);
    assertThat(r.description()).startsWith("invalid check request");
    assertThat(echo.connectionsAccepted()).isZero();
  }

  @Test
  void cancellingAProbeClosesItsConnection() throws Exception {
    EventLoop loop = GROUPS.get(Transport.NIO).next();
    Future<ProbeResult> f =
        PROBES.get(Transport.NIO).probe(loop, echoAddress(), Checks.http("/healthz?delay=5s"));
    Await.until(() -> echo.requests() == 1);

    assertThat(f.cancel(false)).isTrue();
    assertEchoConnectionsClosed();
  }
}
