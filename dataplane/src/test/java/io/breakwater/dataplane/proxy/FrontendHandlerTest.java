package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.proxy.EmbeddedProxy.bytes;
import static io.breakwater.dataplane.proxy.EmbeddedProxy.drainText;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatusClass;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrontendHandlerTest {
  private static final String GET = "GET /a?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n";

  private final EmbeddedProxy proxy = new EmbeddedProxy();

  @Test
  void forwardsRequestWithForwardedHeadersAndWithoutHopByHopFields() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes(
            "GET /a HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive, X-Secret\r\n"
                + "X-Secret: 1\r\nKeep-Alive: timeout=5\r\nProxy-Connection: close\r\nTE: trailers\r\n"
                + "X-Forwarded-For: 10.0.0.1\r\nX-Kept: yes\r\n\r\n"));
    String upstreamSaw = drainText(proxy.lastUpstream());
    assertThat(upstreamSaw)
        .startsWith("GET /a HTTP/1.1\r\n")
        .contains("host: example.com")
        .containsIgnoringCase("x-kept: yes")
        .containsIgnoringCase("x-forwarded-for: 10.0.0.1, unknown")
        .containsIgnoringCase("x-forwarded-proto: http")
        .containsIgnoringCase("x-forwarded-host: example.com")
        .doesNotContainIgnoringCase("x-secret")
        .doesNotContainIgnoringCase("keep-alive:")
        .doesNotContainIgnoringCase("proxy-connection")
        .doesNotContainIgnoringCase("te: trailers")
        .doesNotContainIgnoringCase("connection:");
    proxy.finish(client);
  }

  @Test
  void relaysResponseAndReusesTheUpstreamConnectionForTheNextRequest() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    drainText(up);
    up.writeInbound(
        bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello"));
    String response = drainText(client);
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
    assertThat(response).doesNotContainIgnoringCase("connection:");
    assertThat(client.isOpen()).isTrue();
    assertThat(proxy.servers.get(0).active()).isZero();

    client.writeInbound(bytes(GET));
    assertThat(proxy.upstreamChannels).hasSize(1);
    assertThat(drainText(up)).startsWith("GET /a?x=1 HTTP/1.1");
    up.writeInbound(bytes("HTTP/1.1 204 No Content\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 204 No Content");
    assertThat(proxy.frontendState.stats().responses(StatusClass.C2XX)).isEqualTo(2);
    proxy.finish(client);
  }

  @Test
  void streamsChunkedRequestBodyUpstream() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes(
            "POST /up HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    String first = drainText(up);
    assertThat(first).containsIgnoringCase("transfer-encoding: chunked").endsWith("5\r\nhello\r\n");
    client.writeInbound(bytes("6\r\n world\r\n0\r\n\r\n"));
    assertThat(drainText(up)).isEqualTo("6\r\n world\r\n0\r\n\r\n");
    up.writeInbound(bytes("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 201 Created");
    proxy.finish(client);
  }

  @Test
  void relaysTrailersOfAChunkedResponse() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    drainText(up);
    up.writeInbound(
        bytes(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                + "X-Checksum: 42\r\n\r\n"));
    String response = drainText(client);
    assertThat(response).contains("3\r\nabc\r\n").endsWith("0\r\nX-Checksum: 42\r\n\r\n");
    proxy.finish(client);
  }

  @Test
  void answersHeadWithoutBody() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("HEAD / HTTP/1.1\r\nHost: example.com\r\n\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(drainText(up)).startsWith("HEAD / HTTP/1.1");
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
    assertThat(drainText(client)).endsWithIgnoringCase("content-length: 1234\r\n\r\n");
    client.writeInbound(bytes(GET));
    assertThat(drainText(up)).startsWith("GET /a?x=1");
    proxy.finish(client);
  }

  @Test
  void relaysInterimContinueBeforeTheFinalResponse() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes(
            "PUT /x HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n"
                + "Expect: 100-continue\r\n\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(drainText(up)).containsIgnoringCase("expect: 100-continue");
    up.writeInbound(bytes("HTTP/1.1 100 Continue\r\n\r\n"));
    assertThat(drainText(client)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    client.writeInbound(bytes("abc"));
    assertThat(drainText(up)).isEqualTo("abc");
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    proxy.finish(client);
  }

  @Test
  void answers404WhenNoRouteMatchesAndKeepsTheConnection() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: other.org\r\n\r\n"));
    String response = drainText(client);
    assertThat(response).startsWith("HTTP/1.1 404 Not Found").contains("no route matches");
    assertThat(client.isOpen()).isTrue();
    assertThat(proxy.frontendState.stats().errors(ProxyErrorKind.NO_ROUTE)).isEqualTo(1);
    proxy.finish(client);
  }

  @Test
  void answers400AndClosesOnAMalformedRequest() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: example.com\r\nBad Header: x\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 400 Bad Request").contains("close");
    assertThat(client.isOpen()).isFalse();
    assertThat(proxy.frontendState.stats().errors(ProxyErrorKind.BAD_REQUEST)).isEqualTo(1);
    proxy.finish(client);
  }

  @Test
  void answers414ForAnOverlongRequestLine() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 414");
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void answers431ForOversizedHeaders() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes("GET / HTTP/1.1\r\nHost: example.com\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 431");
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void answers408WhenTheRequestHeadIsNotCompleteInTime() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("GET / HTTP/1.1\r\nHost: exa"));
    proxy.advance(Duration.ofMillis(4999), client);
    assertThat(drainText(client)).isEmpty();
    proxy.advance(Duration.ofMillis(1), client);
    assertThat(drainText(client)).startsWith("HTTP/1.1 408");
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void closesAnIdleNewConnectionSilentlyAfterTheRequestTimeout() {
    EmbeddedChannel client = proxy.client();
    proxy.advance(Duration.ofSeconds(5), client);
    assertThat(drainText(client)).isEmpty();
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void closesAnIdleKeepAliveConnectionAfterTheKeepAliveTimeout() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    proxy.lastUpstream().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    drainText(client);
    proxy.advance(Duration.ofSeconds(59), client);
    assertThat(client.isOpen()).isTrue();
    proxy.advance(Duration.ofSeconds(1), client);
    assertThat(client.isOpen()).isFalse();
    assertThat(drainText(client)).isEmpty();
    proxy.finish(client);
  }

  @Test
  void answers504WhenTheServerDoesNotAnswerInTime() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    proxy.advance(Duration.ofSeconds(29), client, up);
    assertThat(drainText(client)).isEmpty();
    proxy.advance(Duration.ofSeconds(1), client, up);
    assertThat(drainText(client)).startsWith("HTTP/1.1 504");
    assertThat(up.isOpen()).isFalse();
    assertThat(client.isOpen()).isTrue();
    assertThat(proxy.servers.get(0).active()).isZero();
    assertThat(proxy.frontendState.stats().errors(ProxyErrorKind.SERVER_TIMEOUT)).isEqualTo(1);
    proxy.finish(client);
  }

  @Test
  void answers408WhenTheClientStallsMidBody() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 10\r\n\r\nabc"));
    EmbeddedChannel up = proxy.lastUpstream();
    proxy.advance(Duration.ofSeconds(19), client, up);
    client.writeInbound(bytes("d"));
    proxy.advance(Duration.ofSeconds(19), client, up);
    assertThat(drainText(client)).isEmpty();
    proxy.advance(Duration.ofSeconds(1), client, up);
    assertThat(drainText(client)).startsWith("HTTP/1.1 408");
    assertThat(client.isOpen()).isFalse();
    assertThat(up.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void answers502WhenTheServerCannotBeReachedAfterTheRetries() {
    proxy.failConnects = true;
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    // The default policy retries a connect failure 3 times, after a backoff each time.
    for (int i = 0; i < 3; i++) {
      assertThat(drainText(client)).isEmpty();
      proxy.advance(Duration.ofSeconds(1), client);
    }
    assertThat(drainText(client)).startsWith("HTTP/1.1 502").contains("could not connect");
    assertThat(proxy.servers.get(0).stats().errors(ProxyErrorKind.CONNECT_FAILED)).isEqualTo(4);
    assertThat(proxy.backendState.stats().retries()).isEqualTo(3);
    assertThat(proxy.servers.get(0).active()).isZero();
    proxy.finish(client);
  }

  @Test
  void servesTheNextRequestCleanlyAfterAConnectFailure() {
    EmbeddedProxy proxy =
        new EmbeddedProxy(
            1,
            0,
            0,
            EmbeddedProxy.retrying(
                new io.breakwater.dataplane.config.Retries(
                    0,
                    java.util.Set.of(),
                    java.util.Set.of(),
                    false,
                    null,
                    io.breakwater.dataplane.config.Retries.Backoff.DEFAULT,
                    0,
                    false,
                    io.breakwater.dataplane.config.Retries.Budget.DEFAULT)));
    proxy.failConnects = true;
    proxy.deferConnectFailure = true;
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    proxy.failPendingConnect();
    assertThat(drainText(client)).startsWith("HTTP/1.1 502");
    proxy.failConnects = false;
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(up.isOpen()).isTrue();
    // Exactly one request, framed once: nothing of the failed exchange was carried over.
    assertThat(drainText(up)).startsWith("GET /a?x=1 HTTP/1.1").endsWith("\r\n\r\n");
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK");
    proxy.finish(client);
  }

  @Test
  void answers502OnAnInvalidResponse() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    proxy.lastUpstream().writeInbound(bytes("NOT HTTP AT ALL\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 502");
    proxy.finish(client);
  }

  @Test
  void cutsTheClientOffWhenTheServerDiesMidResponse() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"));
    up.close();
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK").endsWith("partial");
    assertThat(client.isOpen()).isFalse();
    assertThat(proxy.frontendState.stats().errors(ProxyErrorKind.RESPONSE_ABORTED)).isEqualTo(1);
    proxy.finish(client);
  }

  @Test
  void retriesABodylessRequestOnceWhenAReusedConnectionWasClosedByTheServer() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel first = proxy.lastUpstream();
    first.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    drainText(client);
    drainText(first);
    client.writeInbound(bytes(GET));
    assertThat(drainText(first)).startsWith("GET");
    first.close();
    assertThat(proxy.upstreamChannels).hasSize(2);
    EmbeddedChannel second = proxy.lastUpstream();
    assertThat(drainText(second)).startsWith("GET /a?x=1 HTTP/1.1");
    second.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    proxy.finish(client);
  }

  @Test
  void picksFromTheNewestServerSetWhenASwapRemovedTheRoutedOne() {
    ServerState fresh = proxy.swapToNewServer("new");
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    assertThat(fresh.active()).isEqualTo(1);
    assertThat(proxy.servers.get(0).active()).isZero();
    proxy.lastUpstream().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertThat(drainText(client)).startsWith("HTTP/1.1 200 OK");
    proxy.finish(client);
  }

  @Test
  void answers503WhenNoServerIsEligible() {
    EmbeddedProxy empty = new EmbeddedProxy(0, 0, 0);
    EmbeddedChannel client = empty.client();
    client.writeInbound(bytes(GET));
    assertThat(drainText(client)).startsWith("HTTP/1.1 503").contains("no server");
    assertThat(client.isOpen()).isTrue();
    empty.finish(client);
  }

  @Test
  void closesAfterTheResponseForAnHttp10ClientWithoutKeepAlive() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes("GET /old HTTP/1.0\r\nHost: example.com\r\n\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(drainText(up)).startsWith("GET /old HTTP/1.1");
    up.writeInbound(
        bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"));
    String response = drainText(client);
    assertThat(response).containsIgnoringCase("connection: close");
    assertThat(response).doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\nhi");
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void keepsAliveAnHttp10ClientThatAsksForIt() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes("GET /old HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n"));
    proxy.lastUpstream().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
    assertThat(drainText(client)).containsIgnoringCase("connection: keep-alive").endsWith("hi");
    assertThat(client.isOpen()).isTrue();
    proxy.finish(client);
  }

  @Test
  void rechunksACloseDelimitedResponseForAnHttp11Client() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    EmbeddedChannel up = proxy.lastUpstream();
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-close"));
    up.close();
    String response = drainText(client);
    assertThat(response).containsIgnoringCase("transfer-encoding: chunked");
    assertThat(response).contains("until-close").endsWith("0\r\n\r\n");
    assertThat(client.isOpen()).isTrue();
    proxy.finish(client);
  }

  @Test
  void answersPipelinedRequestsInOrder() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET + "GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(drainText(up)).startsWith("GET /a?x=1").doesNotContain("GET /b");
    assertThat(client.config().isAutoRead()).isFalse();
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"));
    assertThat(drainText(up)).startsWith("GET /b");
    up.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"));
    String responses = drainText(client);
    assertThat(responses.indexOf("\r\n\r\na")).isLessThan(responses.indexOf("\r\n\r\nb"));
    assertThat(client.config().isAutoRead()).isTrue();
    proxy.finish(client);
  }

  @Test
  void tunnelsBytesBothWaysAfterSwitchingProtocols() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(
        bytes(
            "GET /ws HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n"));
    EmbeddedChannel up = proxy.lastUpstream();
    assertThat(drainText(up))
        .containsIgnoringCase("upgrade: websocket")
        .containsIgnoringCase("connection: upgrade");
    up.writeInbound(
        bytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\u0081\u0002hi"));
    String switched = drainText(client);
    assertThat(switched).startsWith("HTTP/1.1 101").endsWith("\r\n\r\n\u0081\u0002hi");
    client.writeInbound(bytes("\u0001\u0002\u0003 raw"));
    assertThat(drainText(up)).isEqualTo("\u0001\u0002\u0003 raw");
    up.writeInbound(bytes("back"));
    assertThat(drainText(client)).isEqualTo("back");
    up.close();
    assertThat(client.isOpen()).isFalse();
    assertThat(proxy.servers.get(0).active()).isZero();
    proxy.finish(client);
  }

  @Test
  void queuesWhenTheServerIsAtMaxconnAndDispatchesInOrder() {
    EmbeddedProxy limited = new EmbeddedProxy(1, 1, 0);
    EmbeddedChannel a = limited.client();
    EmbeddedChannel b = limited.client();
    a.writeInbound(bytes(GET));
    b.writeInbound(bytes(GET));
    assertThat(limited.upstreamChannels).hasSize(1);
    assertThat(limited.backendState.queued()).isEqualTo(1);
    EmbeddedChannel first = limited.lastUpstream();
    assertThat(drainText(first)).startsWith("GET");
    first.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"));
    b.runPendingTasks();
    assertThat(limited.backendState.queued()).isZero();
    assertThat(drainText(a)).endsWith("a");
    EmbeddedChannel reused = limited.upstreamChannels.get(limited.upstreamChannels.size() - 1);
    // The queued request went out (flushed) on the connection the first one returned.
    assertThat(reused).isSameAs(first);
    assertThat(drainText(reused)).startsWith("GET /a?x=1 HTTP/1.1");
    reused.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"));
    assertThat(drainText(b)).endsWith("b");
    limited.finish(a, b);
  }

  @Test
  void answers503WhenTheQueueTimesOut() {
    EmbeddedProxy limited = new EmbeddedProxy(1, 1, 0);
    EmbeddedChannel a = limited.client();
    EmbeddedChannel b = limited.client();
    a.writeInbound(bytes(GET));
    b.writeInbound(bytes(GET));
    limited.advance(Duration.ofSeconds(3), b);
    assertThat(drainText(b)).startsWith("HTTP/1.1 503").contains("timed out");
    assertThat(limited.backendState.queued()).isZero();
    assertThat(limited.backendState.stats().errors(ProxyErrorKind.QUEUE_TIMEOUT)).isEqualTo(1);
    limited.finish(a, b);
  }

  @Test
  void answers503WhenTheQueueIsFull() {
    EmbeddedProxy limited = new EmbeddedProxy(1, 1, 1);
    EmbeddedChannel a = limited.client();
    EmbeddedChannel b = limited.client();
    EmbeddedChannel c = limited.client();
    a.writeInbound(bytes(GET));
    b.writeInbound(bytes(GET));
    c.writeInbound(bytes(GET));
    assertThat(drainText(c)).startsWith("HTTP/1.1 503").contains("queue is full");
    limited.finish(a, b, c);
  }

  @Test
  void releasesTheServerSlotWhenTheClientGoesAway() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    assertThat(proxy.servers.get(0).active()).isEqualTo(1);
    client.close();
    assertThat(proxy.servers.get(0).active()).isZero();
    assertThat(proxy.lastUpstream().isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void closesAfterTheCurrentResponseWhenDraining() {
    EmbeddedChannel client = proxy.client();
    client.writeInbound(bytes(GET));
    proxy.draining = true;
    proxy.lastUpstream().writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertThat(drainText(client)).containsIgnoringCase("connection: close");
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }

  @Test
  void closesAnIdleConnectionOnDrain() {
    EmbeddedChannel client = proxy.client();
    client.pipeline().fireUserEventTriggered(ProxyEngine.DRAIN);
    assertThat(client.isOpen()).isFalse();
    proxy.finish(client);
  }
}
