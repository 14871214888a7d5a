package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1ClientCodecTest {
  private final EmbeddedChannel ch =
      new EmbeddedChannel(new Http1ClientCodec(new HttpDecoderConfig()));

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  @Test
  void aBodylessRequestIsOneWriteAndItsEmptyEndWritesNothing() {
    ChannelPromise end = ch.newPromise();
    ch.write(get("/a"));
    ch.write(LastHttpContent.EMPTY_LAST_CONTENT, end);
    ch.flush();
    assertThat(writes()).containsExactly("GET /a HTTP/1.1\r\nhost: h\r\n\r\n");
    assertThat(end.isSuccess()).isTrue();

    // The connection carries the next request as usual.
    ch.write(get("/b"));
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(writes()).containsExactly("GET /b HTTP/1.1\r\nhost: h\r\n\r\n");
  }

  @Test
  void aRequestWithABodyKeepsItsParts() {
    HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/p");
    post.headers().set(HttpHeaderNames.HOST, "h").set(HttpHeaderNames.CONTENT_LENGTH, "5");
    ch.write(post);
    ch.write(new DefaultHttpContent(ascii("hel")));
    ch.writeAndFlush(new DefaultLastHttpContent(ascii("lo")));
    assertThat(String.join("", writes()))
        .isEqualTo("POST /p HTTP/1.1\r\nhost: h\r\ncontent-length: 5\r\n\r\nhello");

    HttpRequest chunked = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/c");
    chunked.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    ch.write(chunked);
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(String.join("", writes()))
        .isEqualTo("POST /c HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @Test
  void aBodylessHeadWhoseEndNeverCameDoesNotSwallowTheNextRequestsEnd() {
    ch.writeAndFlush(get("/abandoned")); // its empty end is never written
    writes();
    HttpRequest chunked = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/next");
    chunked.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    ch.write(chunked);
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(String.join("", writes()))
        .isEqualTo("POST /next HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @Test
  void aResponseToABodylessHeadRequestIsStillKnownToHaveNoBody() {
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/h");
    ch.write(head);
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    writes();
    ch.writeInbound(ascii("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"));
    List<Object> in = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      in.add(o);
    }
    assertThat(in).hasSize(2);
    assertThat(in.get(1)).isInstanceOf(LastHttpContent.class);
    in.forEach(io.netty.util.ReferenceCountUtil::release);
  }

  private static HttpRequest get(String uri) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    r.headers().set(HttpHeaderNames.HOST, "h");
    return r;
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  /** The buffers written since the last call, as text; empty buffers count too. */
  private List<String> writes() {
    List<String> out = new ArrayList<>();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      out.add(b.toString(StandardCharsets.US_ASCII));
      b.release();
    }
    return out;
  }
}
