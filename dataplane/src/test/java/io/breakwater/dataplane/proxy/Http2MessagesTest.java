package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class Http2MessagesTest {

  private static Http2Headers get(String path) {
    return new DefaultHttp2Headers()
        .method("GET")
        .scheme("https")
        .authority("example.com")
        .path(path);
  }

  @Test
  void fieldNamesAreLowerCasedWithCommonOnesFromTheirConstants() {
    assertThat((Object) Http2Messages.lowerCase("Content-Type"))
        .isSameAs(HttpHeaderNames.CONTENT_TYPE);
    assertThat((Object) Http2Messages.lowerCase("SERVER")).isSameAs(HttpHeaderNames.SERVER);
    AsciiString lower = AsciiString.of("x-custom");
    assertThat((Object) Http2Messages.lowerCase(lower)).isSameAs(lower);
    assertThat(Http2Messages.lowerCase("X-Custom").toString()).isEqualTo("x-custom");
    // Not a common name (one letter off one): copied, never taken for the common one.
    assertThat(Http2Messages.lowerCase("Content-Typf").toString()).isEqualTo("content-typf");
  }

  @Test
  void aRequestGetsMethodTargetAndHostAndNoPseudoOrInternalFields() {
    HttpRequest req = Http2Messages.toRequest(get("/a?b=c").add("accept", "text/plain"));

    assertThat(req.method()).isEqualTo(HttpMethod.GET);
    assertThat(req.uri()).isEqualTo("/a?b=c");
    assertThat(req.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(req.headers().get("host")).isEqualTo("example.com");
    assertThat(req.headers().get("accept")).isEqualTo("text/plain");
    assertThat(req.headers().names())
        .allSatisfy(n -> assertThat(n).doesNotStartWith(":").doesNotStartWith("x-http2-"));
  }

  @Test
  void aHostFieldWinsOverTheAuthority() {
    HttpRequest req = Http2Messages.toRequest(get("/").add("host", "other.example"));

    assertThat(req.headers().getAll("host")).containsExactly("other.example");
  }

  @Test
  void cookieFieldsAreJoinedIntoOne() {
    HttpRequest req = Http2Messages.toRequest(get("/").add("cookie", "a=1").add("cookie", "b=2"));

    assertThat(req.headers().getAll("cookie")).containsExactly("a=1; b=2");
  }

  @Test
  void connectTakesItsTargetFromTheAuthority() {
    HttpRequest req =
        Http2Messages.toRequest(new DefaultHttp2Headers().method("CONNECT").authority("h:443"));

    assertThat(req.method()).isEqualTo(HttpMethod.CONNECT);
    assertThat(req.uri()).isEqualTo("h:443");
  }

  @Test
  void aRequestWithoutMethodOrPathIsRefused() {
    assertThat(Http2Messages.toRequest(new DefaultHttp2Headers().path("/"))).isNull();
    assertThat(Http2Messages.toRequest(new DefaultHttp2Headers().method("GET"))).isNull();
    assertThat(Http2Messages.toRequest(new DefaultHttp2Headers(false).method("GET").path("")))
        .isNull();
  }

  @Test
  void responseFieldsAreLowerCasedAndConnectionSpecificOnesLeftOut() {
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED);
    res.headers()
        .add("Content-Type", "text/plain")
        .add("Connection", "keep-alive, X-Hop")
        .add("X-Hop", "1")
        .add("Keep-Alive", "timeout=5")
        .add("Proxy-Connection", "close")
        .add("Transfer-Encoding", "chunked")
        .add("Upgrade", "h2c")
        .add("X-End", "2");

    Http2Headers h = Http2Messages.toHeaders(res);

    assertThat(h.status().toString()).isEqualTo("201");
    assertThat(h.get("content-type").toString()).isEqualTo("text/plain");
    assertThat(h.get("x-end").toString()).isEqualTo("2");
    assertThat(h.names())
        .map(CharSequence::toString)
        .containsExactlyInAnyOrder(":status", "content-type", "x-end");
  }

  @Test
  void teSurvivesOnlyAsTrailers() {
    HttpHeaders withTrailers = new DefaultHttpHeaders().add("TE", "trailers");
    HttpHeaders other = new DefaultHttpHeaders().add("TE", "gzip");

    assertThat(Http2Messages.toTrailers(withTrailers).get("te").toString()).isEqualTo("trailers");
    assertThat(Http2Messages.toTrailers(other).contains("te")).isFalse();
  }

  @Test
  void trailersHaveNoPseudoHeaders() {
    HttpHeaders trailers = new DefaultHttpHeaders().add("Grpc-Status", "0");

    Http2Headers h = Http2Messages.toTrailers(trailers);

    assertThat(h.status()).isNull();
    assertThat(h.get("grpc-status").toString()).isEqualTo("0");
  }
}
