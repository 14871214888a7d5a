package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Breaker;
import io.breakwater.dataplane.resilience.CircuitBreaker;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backend breaker and per-server outlier detection, as the frontend feeds and obeys them. */
class BreakerHandlerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  private static final String FAIL = "HTTP/1.1 500 Boom\r\nContent-Length: 0\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

  /** Opens after 2 failures in a row, for 1 s, and closes after 1 good probe. */
  private static final Breaker TWO_STRIKES =
      new Breaker(
          Breaker.WindowType.COUNT,
          Duration.ofSeconds(10),
          10,
          50,
          10,
          2,
          100,
          null,
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          1,
          50);

  private static void answer(EmbeddedProxy p, EmbeddedChannel client, String response) {
    client.writeInbound(bytes(GET));
    p.lastUsed().writeInbound(bytes(response));
    drainText(client);
  }

  @Test
  void anOpenBackendBreakerAnswers503AtOnceAndProbesAfterTheOpenPeriod() {
    EmbeddedProxy p = new EmbeddedProxy(1, 0, 0, EmbeddedProxy.breakers(TWO_STRIKES, null));
    EmbeddedChannel client = p.client();
    answer(p, client, FAIL);
    answer(p, client, FAIL);
    assertThat(p.backendState.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    int connects = p.connectsTo("s0");
    client.writeInbound(bytes(GET));
    assertThat(drainText(client))
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("x-breakwater-overloaded: true")
        .contains("circuit breaker is open");
    assertThat(p.connectsTo("s0")).isEqualTo(connects);
    assertThat(p.frontendState.stats().errors(ProxyErrorKind.CIRCUIT_OPEN)).isEqualTo(1);
    p.advance(Duration.ofSeconds(1), client);
    answer(p, client, OK);
    assertThat(p.backendState.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    p.finish(client);
  }

  @Test
  void outlierDetectionEjectsAFailingServerAndTakesItBackAfterAGoodProbe() {
    EmbeddedProxy p = new EmbeddedProxy(3, 0, 0, EmbeddedProxy.breakers(null, TWO_STRIKES));
    ServerState bad = p.servers.get(0);
    EmbeddedChannel client = p.client();
    // Round robin: every third request goes to each server; s0 fails, the others answer.
    for (int i = 0; i < 9 && bad.outlier().state() != CircuitBreaker.State.OPEN; i++) {
      client.writeInbound(bytes(GET));
      UpstreamHandler u = (UpstreamHandler) p.lastUsed().pipeline().get(UpstreamConnector.HANDLER);
      p.lastUsed().writeInbound(bytes(u.server() == bad ? FAIL : OK));
      drainText(client);
    }
    assertThat(bad.outlier().state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(bad.eligible()).isFalse();
    assertThat(p.backendState.outlierEjection().ejected()).isEqualTo(1);
    long before = bad.stats().requests();
    for (int i = 0; i < 6; i++) {
      answer(p, client, OK);
    }
    assertThat(bad.stats().requests()).as("no traffic while ejected").isEqualTo(before);
    p.advance(Duration.ofSeconds(1), client);
    assertThat(bad.eligible()).as("half-open: a probe may go").isTrue();
    for (int i = 0; i < 3; i++) {
      answer(p, client, OK);
    }
    assertThat(bad.outlier().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(p.backendState.outlierEjection().ejected()).isZero();
    p.finish(client);
  }

  @Test
  void ejectionsStopAtMaxEjectionPercent() {
    EmbeddedProxy p = new EmbeddedProxy(2, 0, 0, EmbeddedProxy.breakers(null, TWO_STRIKES));
    EmbeddedChannel client = p.client();
    for (int i = 0; i < 12; i++) {
      answer(p, client, FAIL);
    }
    // 50% of 2 servers: one may be ejected, the other must stay in rotation.
    assertThat(p.backendState.outlierEjection().ejected()).isEqualTo(1);
    assertThat(p.servers.stream().filter(ServerState::eligible).count()).isEqualTo(1);
    assertThat(p.backendState.outlierEjection().refused()).isPositive();
    p.finish(client);
  }
}
