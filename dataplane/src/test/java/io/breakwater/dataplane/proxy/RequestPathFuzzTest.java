package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * Arbitrary bytes from a client, in one to four reads, into the HTTP/1.1 server codec and the
 * proxy's frontend handler (on embedded channels): whatever they are, the proxy answers with an
 * HTTP/1.1 response, closes, or waits for more; no exception reaches the end of the pipeline
 * ({@link EmbeddedChannel} rethrows it), and no buffer leaks (paranoid leak detection, checked
 * after the class by the leak extension). Every request that reaches a backend gets a fixed answer,
 * so the response path is exercised too.
 */
class RequestPathFuzzTest {
  private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  @FuzzTest(maxDuration = "10s")
  void anyClientBytesGetAnAnswerOrACloseAndNothingEscapes(FuzzedDataProvider data) {
    EmbeddedProxy proxy = new EmbeddedProxy();
    EmbeddedChannel client = proxy.client();
    Set<EmbeddedChannel> answered = new HashSet<>();
    StringBuilder out = new StringBuilder();
    try {
      int reads = data.consumeInt(1, 4);
      for (int i = 0; i < reads && client.isOpen(); i++) {
        byte[] chunk =
            i == reads - 1
                ? data.consumeRemainingAsBytes()
                : data.consumeBytes(data.consumeInt(0, 512));
        client.writeInbound(Unpooled.wrappedBuffer(chunk));
        for (EmbeddedChannel up : proxy.upstreamChannels) {
          String forwarded = EmbeddedProxy.drainText(up);
          if (!forwarded.isEmpty() && up.isActive() && answered.add(up)) {
            assertCleanHead(forwarded);
            up.writeInbound(EmbeddedProxy.bytes(ANSWER));
          }
        }
        out.append(EmbeddedProxy.drainText(client));
      }
      client.checkException();
      if (out.length() > 0) {
        assertThat(out.toString()).startsWith("HTTP/1.1 ");
      }
    } finally {
      proxy.finish(client);
    }
  }

  /**
   * What the proxy forwards first starts with a request head it wrote itself: an HTTP/1.1 request
   * line, CRLF line endings only, no control characters. Whatever the client sent, nothing of its
   * framing may reach the backend unnormalised (request smuggling).
   */
  static void assertCleanHead(String forwarded) {
    int end = forwarded.indexOf("\r\n\r\n");
    assertThat(end).as("a complete head: %s", forwarded).isPositive();
    String head = forwarded.substring(0, end + 2);
    String requestLine = head.substring(0, head.indexOf("\r\n"));
    // method = token (RFC 9110 §5.6.2), so "-snef|EST" is a method; the target has no space
    assertThat(requestLine).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\\x21-\\xff]+ HTTP/1\\.1");
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      boolean crlf =
          c == '\r' && head.charAt(i + 1) == '\n' || c == '\n' && head.charAt(i - 1) == '\r';
      assertThat(c >= 0x20 && c != 0x7f || c == '\t' || crlf)
          .as("byte %d (0x%02x) of the forwarded head: %s", i, (int) c, head)
          .isTrue();
    }
  }
}
