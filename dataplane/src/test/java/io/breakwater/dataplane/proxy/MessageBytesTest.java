package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.stats.CapturedBytes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes and error offset the request codec keeps of a refused request, for show errors. */
class MessageBytesTest {

  private final Http1ServerCodec codec =
      new Http1ServerCodec(new HttpDecoderConfig(), ProxyEngine.MAX_HEADER_COUNT);
  private final EmbeddedChannel ch = new EmbeddedChannel(codec);

  private void send(String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
  }

  private String text(CapturedBytes c) {
    return new String(c.bytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aGoodRequestKeepsNothing() {
    send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    HttpRequest req = ch.readInbound();
    assertThat(req.decoderResult().isSuccess()).isTrue();
    ReferenceCountUtil.release(ch.readInbound());
    assertThat(codec.takeCapture()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void aRefusedHeadIsKeptWithTheOffsetOfItsFirstInvalidByte() {
    String head = "GET / HTTP/1.1\r\nHost: a\r\nX-Bad\u0001: 1\r\n\r\n";
    send(head);
    HttpRequest req = ch.readInbound();
    assertThat(req.decoderResult().isFailure()).isTrue();
    CapturedBytes c = codec.takeCapture();
    assertThat(text(c)).isEqualTo(head);
    assertThat(c.start()).isZero();
    assertThat(c.length()).isEqualTo(head.length());
    assertThat(c.errorAt()).isEqualTo(head.indexOf('\u0001'));
    assertThat(codec.takeCapture()).as("taken once").isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void offsetsCountFromTheMessageStartWhenItsHeadCameInSeveralReads() {
    String first = "GET / HTTP/1.1\r\nHost: a\r\n";
    String second = "X: 1\r\nbad line\r\n\r\n";
    send(first);
    assertThat((Object) ch.readInbound()).isNull();
    send(second);
    HttpRequest req = ch.readInbound();
    assertThat(req.decoderResult().isFailure()).isTrue();
    CapturedBytes c = codec.takeCapture();
    String all = first + second;
    assertThat(c.errorAt()).isEqualTo(all.indexOf("bad line") + 3);
    assertThat(c.length()).isEqualTo(all.length());
    assertThat(all.substring((int) c.start())).isEqualTo(text(c));
    ch.finishAndReleaseAll();
  }

  @Test
  void aSecondRequestOnTheConnectionCountsFromItsOwnStart() {
    send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
    ReferenceCountUtil.release(ch.readInbound());
    ReferenceCountUtil.release(ch.readInbound());
    String bad = "GET /2 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
    send(bad);
    HttpRequest req = ch.readInbound();
    assertThat(req.decoderResult().isFailure()).isTrue();
    CapturedBytes c = codec.takeCapture();
    assertThat(c.start()).isZero();
    assertThat(c.errorAt()).isEqualTo(bad.indexOf("Host: b"));
    ch.finishAndReleaseAll();
  }

  @Test
  void anInvalidChunkSizeKeepsTheBodyBytesWithNoOffset() {
    send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    ReferenceCountUtil.release(ch.readInbound());
    send("zz\r\nhello\r\n0\r\n\r\n");
    Object content = ch.readInbound();
    ReferenceCountUtil.release(content);
    CapturedBytes c = codec.takeCapture();
    assertThat(c).isNotNull();
    assertThat(c.errorAt()).isEqualTo(-1);
    assertThat(text(c)).startsWith("zz\r\n");
    ch.finishAndReleaseAll();
  }
}
