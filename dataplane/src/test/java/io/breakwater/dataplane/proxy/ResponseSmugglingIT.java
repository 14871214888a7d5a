package io.breakwater.dataplane.proxy;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile or broken backend: responses whose framing is ambiguous or invalid become 502 and
 * nothing of them reaches the client; bytes a server sends after a complete response never become a
 * response to anyone.
 */
class ResponseSmugglingIT {
  private static final String MARK = "SMUGGLED";
  private static ScriptedBackend backend;
  private static Dataplane dp;

  static Stream<Arguments> invalid() {
    String ok = "HTTP/1.1 200 OK\r\n";
    String tail = MARK + "\r\n\r\n";
    return Stream.of(
        Arguments.of(
            "content-length with transfer-encoding",
            ok + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + tail),
        Arguments.of(
            "duplicate content-length",
            ok + "Content-Length: 2\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("content-length list", ok + "Content-Length: 8, 8\r\n\r\n" + MARK),
        Arguments.of("content-length not a number", ok + "Content-Length: 8x\r\n\r\n" + MARK),
        Arguments.of(
            "transfer-encoding without chunked", ok + "Transfer-Encoding: gzip\r\n\r\n" + MARK),
        Arguments.of(
            "transfer-encoding chunked not last",
            ok + "Transfer-Encoding: chunked, gzip\r\n\r\n8\r\n" + MARK + "\r\n0\r\n\r\n"),
        Arguments.of(
            "transfer-encoding chunked twice",
            ok + "Transfer-Encoding: chunked, chunked\r\n\r\n8\r\n" + MARK + "\r\n0\r\n\r\n"),
        Arguments.of(
            "transfer-coding not a token",
            ok
                + "Transfer-Encoding: ch00 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n"
                + MARK
                + "\r\n0\r\n\r\n"),
        Arguments.of(
            "transfer-encoding on http/1.0",
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n" + MARK + "\r\n0\r\n\r\n"),
        Arguments.of("bare LF", "HTTP/1.1 200 OK\nContent-Length: 8\n\n" + MARK),
        Arguments.of(
            "status not three digits", "HTTP/1.1 2000 OK\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("status not a number", "HTTP/1.1 abc OK\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("status 000", "HTTP/1.1 000 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" + MARK),
        Arguments.of("status 600", "HTTP/1.1 600 OK\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of(
            "NUL in the reason phrase",
            "HTTP/1.1 200 O\u0000K\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("not http", "SMUGGLED / HTTP/1.1\r\n\r\n"),
        Arguments.of("unknown version", "HTTP/3.7 200 OK\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("header without colon", ok + "X-A\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of(
            "control character in a header name",
            ok + "X\u0001A: b\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of(
            "NUL in a header value", ok + "X-A: a\u0000b\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of(
            "header section too large",
            ok + "X-Big: " + "b".repeat(40_000) + "\r\nContent-Length: 8\r\n\r\n" + MARK),
        Arguments.of("closed before the head ended", ok + "Content-Length: 8\r\nX-A: " + MARK));
  }

  @BeforeAll
  static void start() throws IOException {
    backend = new ScriptedBackend();
    // The default policy retries connection failures only: each answer is seen exactly once.
    dp = Dataplane.start(TestConfig.create().backend("b", server("s", backend.port())).build());
  }

  @AfterAll
  static void stop() throws Exception {
    dp.close();
    backend.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void becomes502AndIsNeverForwarded(String name, String answer) throws Exception {
    backend.answerAndClose(answer);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).as(name).isEqualTo(502);
      assertThat(r.text()).as(name).doesNotContain(MARK);
      // The client connection stays usable: the next request gets a clean answer.
      backend.answerWith("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      RawHttp.Response next = c.get("/", "t");
      assertThat(next.status()).as(name).isEqualTo(200);
      assertThat(next.text()).isEqualTo("ok");
    }
  }

  @Test
  void bytesAfterACompleteResponseAreNeverAResponse() throws Exception {
    backend.answerWith(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n"
            + MARK);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      RawHttp.Response first = c.get("/", "t");
      assertThat(first.text()).isEqualTo("ok");
      backend.answerWith("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
      RawHttp.Response second = c.get("/", "t");
      assertThat(second.text()).isEqualTo("second");
    }
  }

  @Test
  void anInvalidChunkMidBodyCutsTheClientOffWithoutForwardingIt() throws Exception {
    backend.answerWith(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n" + MARK);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThatThrownBy(c::read).isInstanceOf(IOException.class);
      assertThat(c.closedByPeer()).isTrue();
    }
  }
}
