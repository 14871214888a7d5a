package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arbitrary bytes from a backend as the answer to one client request, decoded by the engine's own
 * upstream codec ({@link Http1ClientCodec} with the engine's decoder settings) and relayed by the
 * frontend handler to an HTTP/1.1 client (embedded channels, {@link EmbeddedProxy}). The first byte
 * of the input picks the request (GET, HEAD, or a POST with a body); the rest is what the backend
 * sends before it closes the connection.
 *
 * <p>Whatever the backend sends, the client receives at most one well-framed final response, or a
 * {@code 502}, or a close: a status line {@code HTTP/1.1 NNN}, header lines of a token name and a
 * value without control characters, never Content-Length with Transfer-Encoding, never two
 * Content-Lengths, Transfer-Encoding only as token codings ending in one {@code chunked}, a body
 * exactly as long as that framing says (or cut off by a close), and not one byte after it, so
 * nothing the backend sent can become a second response on the client's connection (response
 * smuggling); no {@code 101} to a request that did not ask to upgrade. No exception escapes and no
 * buffer leaks (paranoid leak detection, checked after the class).
 */
class BackendResponseFuzzTest {
  private static final String[] REQUESTS = {
    "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
    "HEAD / HTTP/1.1\r\nHost: example.com\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"
  };
  private static final String[] METHODS = {"GET", "HEAD", "POST"};

  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/1\\.1 ([1-5][0-9]{2}) [^\\x00-\\x08\\x0a-\\x1f\\x7f]*");
  private static final Pattern HEADER =
      Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*([^\\x00-\\x08\\x0a-\\x1f\\x7f]*)");
  private static final Pattern CODING =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+([ \\t]*;[^\\x00-\\x08\\x0a-\\x1f\\x7f]*)?");
  private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9a-fA-F]+)(;[^\\r\\n]*)?");

  @FuzzTest(maxDuration = "10s")
  void anyBackendAnswerReachesTheClientWellFramedOrAs502(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int choice = (input[0] & 0xff) % REQUESTS.length;
    byte[] answer = Arrays.copyOfRange(input, 1, input.length);
    EmbeddedProxy proxy = new EmbeddedProxy();
    proxy.strictUpstreamCodec = true;
    EmbeddedChannel client = proxy.client();
    try {
      client.writeInbound(EmbeddedProxy.bytes(REQUESTS[choice]));
      assertThat(proxy.upstreamChannels).as("the request went to the backend").hasSize(1);
      EmbeddedChannel up = proxy.lastUpstream();
      EmbeddedProxy.drainText(up);
      if (up.isActive()) {
        up.writeInbound(Unpooled.wrappedBuffer(answer));
      }
      up.close(); // the backend closes after its answer: a body without framing ends here
      up.runPendingTasks();
      client.runPendingTasks();
      String out = EmbeddedProxy.drainText(client);
      client.checkException();
      up.checkException();
      assertOneResponse(out, METHODS[choice], client.isOpen());
    } finally {
      proxy.finish(client);
    }
  }

  /** See the class comment; {@code open}: whether the client connection is still open. */
  static void assertOneResponse(String out, String method, boolean open) {
    if (out.isEmpty()) {
      assertThat(open).as("no answer, yet the client connection stays open").isFalse();
      return;
    }
    int at = 0;
    while (true) {
      int headEnd = out.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        assertThat(open).as("a head cut off, yet the connection stays open: %s", out).isFalse();
        return;
      }
      String[] lines = out.substring(at, headEnd).split("\r\n", -1);
      Matcher statusLine = STATUS_LINE.matcher(lines[0]);
      assertThat(statusLine.matches()).as("a status line: %s", out).isTrue();
      int status = Integer.parseInt(statusLine.group(1));
      assertThat(status).as("101 to a request without Upgrade: %s", out).isNotEqualTo(101);
      long contentLength = -1;
      boolean chunked = false;
      boolean transferEncoding = false;
      for (int i = 1; i < lines.length; i++) {
        Matcher h = HEADER.matcher(lines[i]);
        assertThat(h.matches()).as("header line %d: %s", i, out).isTrue();
        String name = h.group(1).toLowerCase(Locale.ROOT);
        String value = h.group(2).strip();
        if (name.equals("content-length")) {
          assertThat(contentLength).as("a second Content-Length: %s", out).isEqualTo(-1);
          assertThat(value).as("Content-Length: %s", out).matches("[0-9]{1,18}");
          contentLength = Long.parseLong(value);
        } else if (name.equals("transfer-encoding")) {
          for (String coding : value.split(",", -1)) {
            assertThat(chunked).as("a coding after chunked: %s", out).isFalse();
            assertThat(coding.strip()).as("a transfer-coding: %s", out).matches(CODING);
            chunked = coding.strip().equalsIgnoreCase("chunked");
          }
          transferEncoding = true;
        }
      }
      assertThat(transferEncoding && contentLength >= 0)
          .as("Content-Length with Transfer-Encoding: %s", out)
          .isFalse();
      assertThat(!transferEncoding || chunked)
          .as("Transfer-Encoding not ending in chunked: %s", out)
          .isTrue();
      at = headEnd + 4;
      if (status < 200) {
        continue; // informational: no body, the final response follows
      }
      int end;
      if (method.equals("HEAD") || status == 204 || status == 304) {
        end = at;
      } else if (chunked) {
        end = chunkedEnd(out, at);
      } else if (contentLength >= 0) {
        end = out.length() - at >= contentLength ? (int) (at + contentLength) : -1;
      } else {
        assertThat(open).as("a body delimited by the close, yet still open: %s", out).isFalse();
        return;
      }
      if (end < 0) {
        assertThat(open).as("a body cut off, yet the connection stays open: %s", out).isFalse();
        return;
      }
      assertThat(out.substring(end)).as("bytes after the response: %s", out).isEmpty();
      return;
    }
  }

  /** Where a chunked body that starts at {@code at} ends, or -1 if it is cut off. */
  private static int chunkedEnd(String out, int at) {
    while (true) {
      int eol = out.indexOf("\r\n", at);
      if (eol < 0) {
        return -1;
      }
      Matcher m = CHUNK_SIZE.matcher(out.substring(at, eol));
      assertThat(m.matches()).as("a chunk size line at %d: %s", at, out).isTrue();
      long size = Long.parseLong(m.group(1), 16);
      at = eol + 2;
      if (size == 0) {
        break;
      }
      if (out.length() - at < size + 2) {
        return -1;
      }
      at += (int) size;
      assertThat(out.startsWith("\r\n", at)).as("CRLF after chunk data: %s", out).isTrue();
      at += 2;
    }
    while (true) { // trailer section
      int eol = out.indexOf("\r\n", at);
      if (eol < 0) {
        return -1;
      }
      if (eol == at) {
        return at + 2;
      }
      assertThat(HEADER.matcher(out.substring(at, eol)).matches())
          .as("a trailer line at %d: %s", at, out)
          .isTrue();
      at = eol + 2;
    }
  }
}
