package io.breakwater.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.StatusRange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP check's judgement, fed decoded objects on an embedded channel. */
class HttpCheckHandlerTest {
  private static final int LIMIT = 100;

  private final List<String> outcomes = new ArrayList<>();
  private EmbeddedChannel channel;

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private EmbeddedChannel connect(String expectBody, StatusRange... expect) {
    FullHttpRequest request =
        HealthProbe.request(
            Checks.host(Checks.http("/healthz"), "h.example"),
            new InetSocketAddress("127.0.0.1", 80));
    channel =
        new EmbeddedChannel(
            new HttpCheckHandler(
                request,
                expect.length == 0 ? StatusRange.CHECK_OK : List.of(expect),
                expectBody,
                LIMIT,
                (passed, code, description) ->
                    outcomes.add(code + (passed ? " pass: " : " fail: ") + description)));
    return channel;
  }

  private static HttpResponse head(int status) {
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
  }

  private static ByteBuf bytes(String s) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer();
    b.writeCharSequence(s, StandardCharsets.US_ASCII);
    return b;
  }

  private static HttpContent chunk(String s) {
    return new DefaultHttpContent(bytes(s));
  }

  private static LastHttpContent last(String s) {
    return new DefaultLastHttpContent(bytes(s));
  }

  @Test
  void sendsTheRequestOnceConnected() {
    connect(null);

    FullHttpRequest sent = channel.readOutbound();
    try {
      assertThat(sent.method().name()).isEqualTo("GET");
      assertThat(sent.uri()).isEqualTo("/healthz");
      assertThat(sent.headers().get(HttpHeaderNames.HOST)).isEqualTo("h.example");
      assertThat(sent.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      assertThat(sent.headers().get(HttpHeaderNames.USER_AGENT)).isEqualTo(HealthProbe.USER_AGENT);
    } finally {
      sent.release();
    }
    assertThat(channel.<Object>readOutbound()).isNull();
  }

  @Test
  void decidesOnTheHeadWhenOnlyTheStatusMatters() {
    connect(null);
    HttpContent rest = chunk("body");

    channel.writeInbound(head(204), rest);

    assertThat(outcomes).containsExactly("L7OK pass: HTTP status 204");
    assertThat(rest.refCnt()).as("contents after the decision are released").isZero();
  }

  @Test
  void unexpectedStatusFailsWithoutLookingAtTheBody() {
    connect("ok", new StatusRange(200, 200));

    channel.writeInbound(head(500), last("ok"));

    assertThat(outcomes).containsExactly("L7STS fail: HTTP status 500");
  }

  @Test
  void findsTheExpectedStringAcrossChunks() {
    connect("healthy");

    channel.writeInbound(head(200), chunk("I am hea"), chunk("lthy, thanks"));

    assertThat(outcomes).containsExactly("L7OK pass: HTTP status 200, body contains \"healthy\"");
  }

  @Test
  void bodyEndingWithoutTheStringFails() {
    connect("healthy");

    channel.writeInbound(head(200), chunk("sick"), last(""));

    assertThat(outcomes).containsExactly("L7RSP fail: HTTP status 200, body lacks \"healthy\"");
  }

  @Test
  void givesUpAtTheBodyLimitAndKeepsNoMore() {
    connect("needle");
    channel.writeInbound(head(200));
    List<HttpContent> chunks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chunks.add(chunk("x".repeat(30)));
    }

    for (HttpContent c : chunks) {
      channel.writeInbound(c);
    }

    assertThat(outcomes)
        .containsExactly(
            "L7RSP fail: HTTP status 200, first " + LIMIT + " body bytes lack \"needle\"");
    assertThat(chunks).allMatch(c -> c.refCnt() == 0);
  }

  @Test
  void stringJustAtTheLimitIsFoundAndBeyondItIsNot() {
    String upToLimit = "x".repeat(LIMIT - 6);
    connect("needle");
    channel.writeInbound(head(200), chunk(upToLimit + "need"), chunk("le"));
    assertThat(outcomes).containsExactly("L7OK pass: HTTP status 200, body contains \"needle\"");
    channel.finishAndReleaseAll();

    outcomes.clear();
    connect("needle");
    channel.writeInbound(head(200), chunk(upToLimit + "xneed"), chunk("le"));
    assertThat(outcomes).singleElement().asString().startsWith("L7RSP fail");
  }

  @Test
  void skipsInterimResponses() {
    connect("ready");

    channel.writeInbound(head(100), LastHttpContent.EMPTY_LAST_CONTENT, head(200), last("ready"));

    assertThat(outcomes).containsExactly("L7OK pass: HTTP status 200, body contains \"ready\"");
  }

  @Test
  void invalidResponseIsL7rsp() {
    connect(null);
    HttpResponse bad = head(200);
    bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

    channel.writeInbound(bad);

    assertThat(outcomes).containsExactly("L7RSP fail: invalid HTTP response: bad header");
  }

  @Test
  void closeBeforeOrDuringTheAnswerIsL7rsp() {
    connect(null);
    channel.close();
    assertThat(outcomes).containsExactly("L7RSP fail: connection closed without a response");

    outcomes.clear();
    connect("ok");
    channel.writeInbound(head(200), chunk("o"));
    channel.close();
    assertThat(outcomes)
        .containsExactly("L7RSP fail: connection closed before the end of the response");
  }

  @Test
  void ioErrorIsSockerrAndOnlyTheFirstOutcomeCounts() {
    connect(null);

    channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

    assertThat(channel.isOpen()).isFalse();
    assertThat(outcomes)
        .as("the close that follows is not a second outcome")
        .containsExactly("SOCKERR fail: Connection reset by peer");
  }
}
