package io.breakwater.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.testing.RawHttp;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator server's HTTP behaviour over a real socket. */
class WebServerIT {
  private static final int MAX_BODY = 64;
  private WebServer server;

  @BeforeEach
  void start() {
    Router router =
        Router.builder()
            .get("/hello", r -> WebResponse.text(HttpResponseStatus.OK, "hello " + r.query("n")))
            .post("/echo", r -> WebResponse.text(HttpResponseStatus.OK, r.bodyText()))
            .get(
                "/boom",
                r -> {
                  throw new IllegalStateException("kaput");
                })
            .build();
    server = WebServer.start("test", new HostPort("127.0.0.1", 0), router, MAX_BODY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesSeveralRequestsOnOneKeptAliveConnection() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response r = c.get("/hello?n=" + i, "t");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello " + i + "\n");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
      }
      c.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo("11");
      assertThat(c.get("/hello?n=after-head", "t").text()).isEqualTo("hello after-head\n");
    }
  }

  @Test
  void unknownPathsMethodsAndFailuresGetShortAnswers() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawHttp.Response notFound = c.get("/nope", "t");
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.text()).isEqualTo("404 not found\n");
      c.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttp.Response notAllowed = c.read();
      assertThat(notAllowed.status()).isEqualTo(405);
      assertThat(notAllowed.header("allow")).isEqualTo("GET");
      RawHttp.Response boom = c.get("/boom", "t");
      assertThat(boom.status()).isEqualTo(500);
      assertThat(boom.text()).contains("kaput");
    }
  }

  @Test
  void aBodyOverTheLimitGets413AndTheConnectionCloses() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawHttp.Response small =
          c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
      assertThat(small.text()).isEqualTo("hello\n");
      c.send(
          "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: "
              + (MAX_BODY + 1)
              + "\r\n\r\n"
              + "x".repeat(MAX_BODY + 1));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo("413 request body over " + MAX_BODY + " bytes\n");
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void anUndecodableRequestGets400AndTheConnectionCloses() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send("GET /hello HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).startsWith("400 bad request");
      assertThat(c.closedByPeer()).isTrue();
    }
    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/hello/%zz", "t").status()).isEqualTo(400);
    }
  }

  @Test
  void aTakenAddressFailsToStart() {
    HostPort taken = new HostPort("127.0.0.1", server.port());
    assertThatThrownBy(() -> WebServer.start("again", taken, Router.builder().build(), MAX_BODY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot bind again on 127.0.0.1:" + server.port());
  }
}
