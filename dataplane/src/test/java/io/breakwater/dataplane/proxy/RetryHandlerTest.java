package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Retries;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retries as the frontend carries them out: what is resent, where, when, and when not. */
class RetryHandlerTest {
  private static final String GET = "GET /r HTTP/1.1\r\nHost: example.com\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static final String UNAVAILABLE = "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy";

  private static Retries policy(int attempts, Set<Retries.On> on, Set<Integer> statuses) {
    return new Retries(
        attempts,
        on,
        statuses,
        true,
        Duration.ofMillis(500),
        new Retries.Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 0),
        16,
        false,
        Retries.Budget.DEFAULT);
  }

  private static EmbeddedProxy proxy(Retries retries) {
    return new EmbeddedProxy(2, 0, 0, EmbeddedProxy.retrying(retries));
  }

  private static final Retries ALL =
      policy(
          2,
          Set.of(
              Retries.On.CONN_FAILURE,
              Retries.On.EMPTY_RESPONSE,
              Retries.On.JUNK_RESPONSE,
              Retries.On.RESPONSE_TIMEOUT),
          Set.of(503));

  @Test
  void retriesAConnectFailureOnTheOtherServerAfterTheBackoff() {
    EmbeddedProxy p = proxy(policy(3, Set.of(Retries.On.CONN_FAILURE), Set.of()));
    p.refuse.add("s0");
    p.refuse.add("s1");
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    String firstTarget = p.connectsTo("s0") == 1 ? "s0" : "s1";
    String other = firstTarget.equals("s0") ? "s1" : "s0";
    p.refuse.remove(other);
    p.advance(Duration.ofMillis(99), client);
    assertThat(p.connectsTo(other)).as("not before the backoff").isZero();
    p.advance(Duration.ofMillis(1), client);
    assertThat(p.connectsTo(other)).isEqualTo(1);
    EmbeddedChannel up = p.lastUpstream();
    assertThat(drainText(up)).startsWith("GET /r HTTP/1.1");
    up.writeInbound(bytes(OK));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK");
    assertThat(p.backendState.stats().retries()).isEqualTo(1);
    assertThat(p.backendState.stats().redispatches()).isEqualTo(1);
    p.finish(client);
  }

  @Test
  void retriesAConfiguredStatusAndReplaysTheBody() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(
        bytes("PUT /r HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"));
    EmbeddedChannel first = p.lastUpstream();
    assertThat(drainText(first)).endsWith("\r\n\r\nhello");
    first.writeInbound(bytes(UNAVAILABLE));
    assertThat(drainText(client)).as("the 503 is not relayed").isEmpty();
    p.advance(Duration.ofMillis(100), client);
    EmbeddedChannel second = p.lastUpstream();
    assertThat(second).isNotSameAs(first);
    assertThat(drainText(second)).startsWith("PUT /r HTTP/1.1").endsWith("\r\n\r\nhello");
    second.writeInbound(bytes(OK));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    p.finish(client);
  }

  @Test
  void relaysTheLastAnswerWhenRetriesAreExhausted() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    for (int i = 0; i < 2; i++) {
      p.lastUpstream().writeInbound(bytes(UNAVAILABLE));
      p.advance(Duration.ofMillis(100), client);
    }
    p.lastUpstream().writeInbound(bytes(UNAVAILABLE));
    assertThat(drainText(client)).startsWith("HTTP/1.1 503 Busy").endsWith("busy");
    assertThat(p.backendState.stats().retries()).isEqualTo(2);
    p.finish(client);
  }

  @Test
  void doesNotRetryANonIdempotentRequestThatReachedTheServer() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(
        bytes("POST /r HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1\r\n\r\nx"));
    p.lastUpstream().writeInbound(bytes(UNAVAILABLE));
    assertThat(drainText(client)).startsWith("HTTP/1.1 503 Busy");
    assertThat(p.backendState.stats().retries()).isZero();
    p.finish(client);
  }

  @Test
  void retriesANonIdempotentRequestThatNeverReachedTheServer() {
    EmbeddedProxy p = proxy(ALL);
    p.refuse.add("s0");
    p.refuse.add("s1");
    EmbeddedChannel client = p.client();
    client.writeInbound(
        bytes("POST /r HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1\r\n\r\nx"));
    p.refuse.clear();
    p.advance(Duration.ofMillis(100), client);
    assertThat(drainText(p.lastUpstream())).startsWith("POST /r").endsWith("\r\n\r\nx");
    p.finish(client);
  }

  @Test
  void doesNotRetryWhenTheBodyIsLargerThanTheBuffer() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    String body = "0123456789abcdefXYZ"; // 19 bytes > bufferLimit 16
    client.writeInbound(
        bytes(
            "PUT /r HTTP/1.1\r\nHost: example.com\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body));
    p.lastUpstream().writeInbound(bytes(UNAVAILABLE));
    assertThat(drainText(client)).startsWith("HTTP/1.1 503 Busy");
    assertThat(p.backendState.stats().retries()).isZero();
    p.finish(client);
  }

  @Test
  void retriesAResponseTimeoutAfterThePerTryTimeout() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel first = p.lastUpstream();
    p.advance(Duration.ofMillis(499), client, first);
    assertThat(p.upstreamChannels).hasSize(1);
    p.advance(Duration.ofMillis(1), client, first);
    assertThat(first.isOpen()).isFalse();
    p.advance(Duration.ofMillis(100), client);
    EmbeddedChannel second = p.lastUpstream();
    assertThat(second).isNotSameAs(first);
    second.writeInbound(bytes(OK));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK");
    p.finish(client);
  }

  @Test
  void retriesAnEmptyResponseAndAJunkResponse() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    p.lastUpstream().close(); // empty response (fresh connection: no keep-alive race)
    p.advance(Duration.ofMillis(100), client);
    p.lastUpstream().writeInbound(bytes("SSH-2.0-not-http\r\n\r\n")); // junk
    p.advance(Duration.ofMillis(100), client);
    p.lastUpstream().writeInbound(bytes(OK));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK");
    assertThat(p.backendState.stats().retries()).isEqualTo(2);
    p.finish(client);
  }

  @Test
  void neverRetriesOnceTheResponseStarted() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = p.lastUpstream();
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npart"));
    up.close();
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK").endsWith("part");
    assertThat(client.isOpen()).isFalse();
    assertThat(p.upstreamChannels).hasSize(1);
    assertThat(p.backendState.stats().retries()).isZero();
    p.finish(client);
  }

  @Test
  void aClientThatLeavesDuringTheBackoffCancelsTheRetry() {
    EmbeddedProxy p = proxy(ALL);
    EmbeddedChannel client = p.client();
    client.writeInbound(bytes(GET));
    p.lastUpstream().writeInbound(bytes(UNAVAILABLE));
    client.close();
    p.advance(Duration.ofSeconds(1), client);
    assertThat(p.upstreamChannels).hasSize(1);
    assertThat(p.servers.get(0).active() + p.servers.get(1).active()).isZero();
    p.finish(client);
  }
}
