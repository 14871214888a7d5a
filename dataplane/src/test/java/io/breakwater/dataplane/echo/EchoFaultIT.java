package io.breakwater.dataplane.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.testing.RawHttp;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo server's misbehaviours, which the chaos suite switches on and off. */
class EchoFaultIT {
  private final EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "f");

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void errorAnswers503ToEverythingIncludingHealthChecks() throws Exception {
    server.fault(EchoFault.error());
    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/x", "h").status()).isEqualTo(503);
      assertThat(c.get("/healthz", "h").status()).isEqualTo(503);
      server.fault(EchoFault.NONE);
      assertThat(c.get("/x", "h").status()).isEqualTo(200);
    }
  }

  @Test
  void slowAddsLatency() throws Exception {
    server.fault(EchoFault.slow(Duration.ofMillis(300)));
    try (RawHttp c = RawHttp.connect(server.port())) {
      long t0 = System.nanoTime();
      assertThat(c.get("/x", "h").status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void hangAcceptsButNeverAnswers() throws Exception {
    server.fault(EchoFault.hang());
    try (RawHttp c = new RawHttp(server.port(), 500)) {
      c.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThatThrownBy(c::read).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(server.requests()).isEqualTo(1);
  }
}
