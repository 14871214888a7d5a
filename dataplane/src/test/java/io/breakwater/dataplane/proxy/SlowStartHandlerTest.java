package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.resilience.CheckStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server coming back UP under slow start takes a share of new requests that grows with time. */
class SlowStartHandlerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

  private static BackendPolicy slowstart(Duration ramp) {
    BackendPolicy d = BackendPolicy.DEFAULT;
    return new BackendPolicy(
        HealthCheck.DEFAULT, null, d.retries(), null, null, d.limits(), ramp, null);
  }

  private static int requestsTo(EmbeddedProxy p, ServerState s, EmbeddedChannel client, int n) {
    long before = s.stats().requests();
    for (int i = 0; i < n; i++) {
      client.writeInbound(bytes(GET));
      p.lastUsed().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
      drainText(client);
    }
    return (int) (s.stats().requests() - before);
  }

  @Test
  void aServerBackFromDownRampsUpOverTheSlowstartPeriod() {
    EmbeddedProxy p = new EmbeddedProxy(2, 0, 0, slowstart(Duration.ofSeconds(10)));
    ServerState returning = p.servers.get(0);
    for (int i = 0; i < 3; i++) {
      returning.health().onCheck(CheckStatus.L4CON, "refused", 0);
    }
    assertThat(returning.eligible()).isFalse();
    for (int i = 0; i < 2; i++) {
      returning.health().onCheck(CheckStatus.L4OK, null, 0);
    }
    assertThat(returning.eligible()).isTrue();
    EmbeddedChannel client = p.client();
    // Just back: round robin alone would give it half; slow start holds it near nothing.
    assertThat(requestsTo(p, returning, client, 200)).isLessThan(30);
    p.advance(Duration.ofSeconds(5), client);
    int halfway = requestsTo(p, returning, client, 200);
    assertThat(halfway).isBetween(30, 90);
    p.advance(Duration.ofSeconds(5), client);
    assertThat(requestsTo(p, returning, client, 200)).isBetween(90, 110);
    p.finish(client);
  }
}
