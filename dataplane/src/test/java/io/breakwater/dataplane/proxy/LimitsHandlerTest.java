package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Limits;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backend limits and server admin states, as the frontend applies them. */
class LimitsHandlerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

  @Test
  void maxRequestsAnswers503OverloadedAtOnce() {
    EmbeddedProxy p = new EmbeddedProxy(2, 0, 0, EmbeddedProxy.limited(new Limits(0, 0, 1, 0)));
    EmbeddedChannel a = p.client();
    EmbeddedChannel b = p.client();
    a.writeInbound(bytes(GET));
    b.writeInbound(bytes(GET));
    String answer = drainText(b);
    assertThat(answer)
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("x-breakwater-overloaded: true");
    assertThat(p.backendState.stats().errors(ProxyErrorKind.OVERLOADED)).isEqualTo(1);
    p.lastUpstream().writeInbound(bytes(OK));
    assertThat(p.backendState.activeRequests()).isZero();
    b.writeInbound(bytes(GET));
    assertThat(p.backendState.activeRequests()).isEqualTo(1);
    p.finish(a, b);
  }

  @Test
  void maxPendingRequestsAnswers503OverloadedInsteadOfQueueing() {
    EmbeddedProxy p = new EmbeddedProxy(1, 1, 0, EmbeddedProxy.limited(new Limits(0, 1, 0, 0)));
    EmbeddedChannel a = p.client();
    EmbeddedChannel b = p.client();
    EmbeddedChannel c = p.client();
    a.writeInbound(bytes(GET));
    b.writeInbound(bytes(GET));
    assertThat(p.backendState.queued()).isEqualTo(1);
    c.writeInbound(bytes(GET));
    assertThat(drainText(c))
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("x-breakwater-overloaded");
    p.finish(a, b, c);
  }

  @Test
  void maxConnectionsAnswers503WhenANewConnectionWouldBeNeeded() {
    EmbeddedProxy p = new EmbeddedProxy(1, 0, 0, EmbeddedProxy.limited(new Limits(1, 0, 0, 0)));
    EmbeddedChannel a = p.client();
    EmbeddedChannel b = p.client();
    a.writeInbound(bytes(GET));
    assertThat(p.backendState.connections()).isEqualTo(1);
    b.writeInbound(bytes(GET));
    assertThat(drainText(b))
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("x-breakwater-overloaded");
    // Once the connection is free again it is reused, within the limit.
    p.lastUpstream().writeInbound(bytes(OK));
    b.writeInbound(bytes(GET));
    assertThat(p.upstreamChannels).hasSize(1);
    p.finish(a, b);
  }

  @Test
  void maxRetriesCapsRetriesInFlight() {
    EmbeddedProxy p = new EmbeddedProxy(1, 0, 0, EmbeddedProxy.limited(new Limits(0, 0, 0, 1)));
    p.failConnects = true;
    EmbeddedChannel a = p.client();
    EmbeddedChannel b = p.client();
    a.writeInbound(bytes(GET));
    assertThat(p.backendState.retriesInFlight()).isEqualTo(1);
    b.writeInbound(bytes(GET));
    // b's connect failure finds the single retry slot taken: no retry, a 502 at once.
    assertThat(drainText(b)).startsWith("HTTP/1.1 502");
    p.advance(Duration.ofSeconds(5), a);
    p.advance(Duration.ofSeconds(5), a);
    p.advance(Duration.ofSeconds(5), a);
    assertThat(drainText(a)).startsWith("HTTP/1.1 502");
    assertThat(p.backendState.retriesInFlight()).isZero();
    p.finish(a, b);
  }

  @Test
  void drainAndMaintServersGetNoNewRequests() {
    EmbeddedProxy p = new EmbeddedProxy(3, 0, 0);
    p.servers.get(0).setAdminState(AdminState.DRAIN);
    p.servers.get(1).setAdminState(AdminState.MAINT);
    for (int i = 0; i < 4; i++) {
      EmbeddedChannel c = p.client();
      c.writeInbound(bytes(GET));
      p.lastUpstream().writeInbound(bytes(OK));
      c.finishAndReleaseAll();
    }
    assertThat(p.connectsTo("s0")).isZero();
    assertThat(p.connectsTo("s1")).isZero();
    assertThat(p.servers.get(2).stats().requests()).isEqualTo(4);
    p.servers.get(0).setAdminState(AdminState.READY);
    EmbeddedChannel c = p.client();
    c.writeInbound(bytes(GET));
    c.writeInbound(bytes(GET));
    assertThat(p.servers.get(0).stats().requests() + p.servers.get(2).stats().requests())
        .isEqualTo(5);
    p.finish(c);
  }
}
