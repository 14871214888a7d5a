package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request shape that could let a client smuggle a second request past the proxy, or make the
 * proxy and the server disagree about where a message ends, sent as raw bytes on a real socket.
 * Each is answered by the proxy itself with the status in the table, the connection is closed, and
 * the server never sees the request. docs/hardening.md lists the same table.
 *
 * <p>The positive controls at the end prove the rejections are not a blanket refusal: the nearest
 * well-formed shapes pass.
 */
class RequestSmugglingIT {
  private static EchoServer echo;
  private static Dataplane dp;

  @BeforeAll
  static void start() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
    dp = Dataplane.start(TestConfig.create().backend("b", server("echo", echo.port())).build());
  }

  @AfterAll
  static void stop() {
    dp.close();
    echo.close();
  }

  private static final String POST = "POST / HTTP/1.1\r\nHost: t\r\n";

  static Stream<Arguments> rejected() {
    return Stream.of(
        // CL.TE / TE.CL
        reject(
            "content-length with transfer-encoding",
            POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding with content-length",
            POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
            400),
        // CL.CL
        reject(
            "duplicate content-length, same value",
            POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            400),
        reject(
            "duplicate content-length, different values",
            POST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        reject("content-length list", POST + "Content-Length: 3, 3\r\n\r\nabc", 400),
        reject("content-length with plus sign", POST + "Content-Length: +3\r\n\r\nabc", 400),
        reject("negative content-length", POST + "Content-Length: -1\r\n\r\n", 400),
        reject("content-length not a number", POST + "Content-Length: 3a\r\n\r\nabc", 400),
        reject("content-length hex", POST + "Content-Length: 0x3\r\n\r\nabc", 400),
        reject(
            "content-length overflow",
            POST + "Content-Length: 99999999999999999999999\r\n\r\n",
            400),
        reject("content-length with inner space", POST + "Content-Length: 1 2\r\n\r\n", 400),
        // TE.TE
        reject(
            "transfer-encoding chunked twice",
            POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding header twice",
            POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding chunked not last",
            POST + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding without chunked",
            POST + "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding xchunked",
            POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding chunked, xchunked",
            POST + "Transfer-Encoding: chunked, xchunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding with parameters",
            POST + "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding identity",
            POST + "Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc",
            400),
        reject("transfer-encoding empty", POST + "Transfer-Encoding: \r\n\r\n", 400),
        reject(
            "transfer-encoding on http/1.0",
            "POST / HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        reject(
            "transfer-encoding on http/1.0 with content-length",
            "POST / HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n"
                + "\r\n0\r\n\r\n",
            400),
        // header syntax
        reject("obs-fold", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n", 400),
        reject("obs-fold with tab", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n\tb\r\n\r\n", 400),
        reject(
            "obs-fold of transfer-encoding",
            POST + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
            400),
        reject("header line without colon", "GET / HTTP/1.1\r\nHost: t\r\nX-A\r\n\r\n", 400),
        reject("space before colon", POST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400),
        reject("tab before colon", "GET / HTTP/1.1\r\nHost: t\r\nX-A\t: b\r\n\r\n", 400),
        reject("space inside a header name", "GET / HTTP/1.1\r\nHost: t\r\nX A: b\r\n\r\n", 400),
        reject("leading space in the first header line", "GET / HTTP/1.1\r\n Host: t\r\n\r\n", 400),
        reject(
            "control character in a header name",
            "GET / HTTP/1.1\r\nHost: t\r\nX\u0001A: b\r\n\r\n",
            400),
        reject(
            "control character ending a header name",
            POST + "Transfer-Encoding\u000b: chunked\r\n\r\n0\r\n\r\n",
            400),
        reject("NUL in a header value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u0000b\r\n\r\n", 400),
        reject("empty header name", "GET / HTTP/1.1\r\nHost: t\r\n: b\r\n\r\n", 400),
        reject("non-token header name", "GET / HTTP/1.1\r\nHost: t\r\nX(A): b\r\n\r\n", 400),
        // line endings
        reject("bare LF everywhere", "GET / HTTP/1.1\nHost: t\n\n", 400),
        reject("bare LF after the request line", "GET / HTTP/1.1\nHost: t\r\n\r\n", 400),
        reject("bare LF after a header", "GET / HTTP/1.1\r\nHost: t\n\r\n", 400),
        reject("bare CR in a header", "GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n", 400),
        // request line
        reject(
            "control characters before the request line",
            "\u0001\u0002GET / HTTP/1.1\r\n" + "Host: t\r\n\r\n",
            400),
        reject("unknown http version", "GET / HTTP/1.2\r\nHost: t\r\n\r\n", 400),
        reject("http/2 preface version on http/1", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 400),
        reject("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        reject("space in the request target", "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        // found by RequestPathFuzzTest: Netty's decoder keeps control characters in the target
        reject("NUL in the request target", "GET /\0\0 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        reject("tab in the request target", "GET /a\tb HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        reject("DEL in the request target", "GET /a\u007f HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        // chunked framing
        reject(
            "chunk size with 0x prefix",
            POST + "Transfer-Encoding: chunked\r\n\r\n0x3\r\nabc" + "\r\n0\r\n\r\n",
            400),
        reject(
            "chunk size not hex",
            POST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0" + "\r\n\r\n",
            400),
        reject(
            "negative chunk size",
            POST + "Transfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0" + "\r\n\r\n",
            400),
        reject(
            "chunk size with plus sign",
            POST + "Transfer-Encoding: chunked\r\n\r\n+3\r\nabc" + "\r\n0\r\n\r\n",
            400),
        reject(
            "chunk size overflow",
            POST + "Transfer-Encoding: chunked\r\n\r\n" + "fffffffffffffffff1\r\nabc\r\n0\r\n\r\n",
            400),
        reject(
            "chunk size with inner space",
            POST + "Transfer-Encoding: chunked\r\n\r\n1 2\r\n" + "abc\r\n0\r\n\r\n",
            400),
        reject(
            "empty chunk size",
            POST + "Transfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n" + "\r\n",
            400),
        reject(
            "chunk data not followed by CRLF",
            POST + "Transfer-Encoding: chunked\r\n\r\n" + "3\r\nabcX0\r\n\r\n",
            400),
        reject(
            "bare LF after a chunk size",
            POST + "Transfer-Encoding: chunked\r\n\r\n3\nabc" + "\r\n0\r\n\r\n",
            400),
        reject(
            "bare LF inside a chunk extension",
            POST + "Transfer-Encoding: chunked\r\n\r\n" + "3;a=b\nc\r\nabc\r\n0\r\n\r\n",
            400),
        reject(
            "oversized chunk extension",
            POST
                + "Transfer-Encoding: chunked\r\n\r\n3;x="
                + "y".repeat(20_000)
                + "\r\nabc\r\n0\r\n\r\n",
            400),
        reject(
            "bare LF ending the last chunk", POST + "Transfer-Encoding: chunked\r\n\r\n0\n\n", 400),
        // Host
        reject("http/1.1 without host", "GET / HTTP/1.1\r\n\r\n", 400),
        reject("duplicate host", "GET / HTTP/1.1\r\nHost: t\r\nHost: t\r\n\r\n", 400),
        reject("two hosts in one field", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
        reject("host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        reject("host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
        reject("host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
        reject("host with a bad port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", 400),
        reject(
            "empty host on absolute-form", "GET http://a.example/ HTTP/1.1\r\nHost: \r\n\r\n", 400),
        reject(
            "absolute-form mismatching host",
            "GET http://a.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n",
            400),
        reject(
            "absolute-form with userinfo",
            "GET http://u@a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n",
            400),
        // methods
        reject("CONNECT", "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", 405),
        reject("asterisk-form on GET", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        // limits
        reject(
            "request line too long",
            "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t" + "\r\n\r\n",
            414),
        reject(
            "header section too large",
            "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n",
            431),
        reject(
            "too many header fields",
            "GET / HTTP/1.1\r\nHost: t\r\n"
                + "X-A: 1\r\n".repeat(ProxyEngine.MAX_HEADER_COUNT + 1)
                + "\r\n",
            431));
  }

  private static Arguments reject(String name, String raw, int status) {
    return Arguments.of(name, raw, status);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejected")
  void isAnsweredByTheProxyAndTheConnectionClosed(String name, String raw, int status)
      throws Exception {
    long before = echo.requests();
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send(raw);
      RawHttp.Response r = c.read();
      assertThat(r.status()).as(name).isEqualTo(status);
      assertThat(r.header("connection")).as(name).isEqualToIgnoringCase("close");
      assertThat(c.closedByPeer()).as(name + ": connection closed").isTrue();
    }
    assertThat(echo.requests()).as(name + ": never forwarded").isEqualTo(before);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("content-length", POST + "Content-Length: 3\r\n\r\nabc"),
        Arguments.of("content-length zero", POST + "Content-Length: 0\r\n\r\n"),
        Arguments.of("chunked", POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of(
            "chunked in upper case",
            POST + "Transfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of(
            "gzip then chunked",
            POST + "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of(
            "upper-case hex chunk size",
            POST + "Transfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"),
        Arguments.of(
            "short chunk extension",
            POST + "Transfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n0\r\n\r\n"),
        Arguments.of(
            "trailers", POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"),
        Arguments.of("http/1.0 without host", "GET / HTTP/1.0\r\n\r\n"),
        Arguments.of("host with port", "GET / HTTP/1.1\r\nHost: t:8080\r\n\r\n"),
        Arguments.of("ipv6 host", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"),
        Arguments.of(
            "absolute-form matching host",
            "GET http://a.example/x HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        Arguments.of(
            "absolute-form matching host ignoring case and default port",
            "GET http://A.example:80/x HTTP/1.1\r\nHost: a.example\r\n\r\n"),
        Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n"),
        Arguments.of(
            "header value with tab and obs-text",
            "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\tb\u00e9\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void theNearestWellFormedShapeIsForwarded(String name, String raw) throws Exception {
    long before = echo.requests();
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send(raw);
      RawHttp.Response r = c.read();
      assertThat(r.status()).as(name).isEqualTo(200);
    }
    assertThat(echo.requests()).as(name).isEqualTo(before + 1);
  }
}
