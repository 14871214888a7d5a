package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Faults;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fault injection as configured on a route (percentages 0 and 100 make it deterministic). */
class FaultsHandlerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

  @Test
  void abortAnswersTheConfiguredStatusWithoutTouchingAServer() {
    EmbeddedProxy p = EmbeddedProxy.withRouteFaults(new Faults(null, new Faults.Abort(100, 418)));
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    assertThat(drainText(client)).startsWith("HTTP/1.1 418").contains("fault injection");
    assertThat(p.upstreamChannels).isEmpty();
    assertThat(client.isOpen()).isTrue();
    assertThat(p.backendState.stats().faultAborts()).isEqualTo(1);
    p.finish(client);
  }

  @Test
  void delayHoldsTheRequestForTheConfiguredTime() {
    EmbeddedProxy p =
        EmbeddedProxy.withRouteFaults(
            new Faults(new Faults.Delay(100, Duration.ofMillis(300)), null));
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    p.advance(Duration.ofMillis(299), client);
    assertThat(p.upstreamChannels).isEmpty();
    p.advance(Duration.ofMillis(1), client);
    assertThat(p.upstreamChannels).hasSize(1);
    assertThat(drainText(p.lastUpstream())).startsWith("GET / HTTP/1.1");
    assertThat(p.backendState.stats().faultDelays()).isEqualTo(1);
    p.finish(client);
  }

  @Test
  void zeroPercentNeverInjects() {
    EmbeddedProxy p =
        EmbeddedProxy.withRouteFaults(
            new Faults(new Faults.Delay(0, Duration.ofSeconds(5)), new Faults.Abort(0, 500)));
    EmbeddedChannel client = p.client();
    for (int i = 0; i < 20; i++) {
      client.writeInbound(bytes(GET));
      p.lastUpstream().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    }
    assertThat(drainText(client)).doesNotContain("fault").contains("200 OK");
    assertThat(p.backendState.stats().faultAborts() + p.backendState.stats().faultDelays())
        .isZero();
    p.finish(client);
  }
}
