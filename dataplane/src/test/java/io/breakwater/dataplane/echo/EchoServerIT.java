package io.breakwater.dataplane.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.config.Transport;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private EchoServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "a");
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersWithJsonDescribingTheRequest() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response response =
          http.send(
                  "GET /some/path%20x?b=1&a=%20 HTTP/1.1\r\nHost: example.test\r\n"
                      + "X-Twice: one\r\nx-twice: two\r\nUser-Agent: raw\r\n\r\n")
              .read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("content-type")).isEqualTo("application/json");
      assertThat(response.header("content-length"))
          .isEqualTo(String.valueOf(response.body().length));
      assertThat(response.header("x-echo-server")).isEqualTo("a");
      JsonNode json = JSON.readTree(response.body());
      assertThat(json.get("server").asText()).isEqualTo("a");
      assertThat(json.get("method").asText()).isEqualTo("GET");
      assertThat(json.get("path").asText()).isEqualTo("/some/path%20x");
      assertThat(json.get("query").asText()).isEqualTo("b=1&a=%20");
      assertThat(json.get("host").asText()).isEqualTo("example.test");
      assertThat(json.get("protocol").asText()).isEqualTo("HTTP/1.1");
      assertThat(json.get("headers").get("user-agent").asText()).isEqualTo("raw");
      assertThat(json.get("headers").get("x-twice"))
          .containsExactly(
              JSON.getNodeFactory().textNode("one"), JSON.getNodeFactory().textNode("two"));
      assertThat(json.get("remote").asText()).isEqualTo("127.0.0.1:" + http.localPort());
      assertThat(json.get("bodyBytes").asLong()).isZero();
    }
  }

  @Test
  void statusParameterSetsTheStatus() throws Exception {
    HttpResponse<String> response = get("/x?status=503");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/x");
  }

  @Test
  void badParameterIsRefusedWith400NamingIt() throws Exception {
    HttpResponse<String> response = get("/?status=abc");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("status: abc (expected: 200 to 599)");
  }

  @Test
  void delayParameterDelaysTheAnswer() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/?delay=200ms");
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(elapsedMillis).isBetween(200L, 5_000L);
  }

  @Test
  void sizeParameterSendsExactlyThatManyFillerBytes() throws Exception {
    HttpResponse<byte[]> response =
        client.send(request("/?size=1000").build(), BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-length")).hasValue("1000");
    assertThat(response.body()).isEqualTo(filler(0, 1000));
    assertThat(client.send(request("/?size=0").build(), BodyHandlers.ofByteArray()).body())
        .isEmpty();
  }

  @Test
  void largeSizeIsStreamedCompletely() throws Exception {
    long size = 64L << 20;
    HttpResponse<InputStream> response =
        client.send(request("/?size=64m").build(), BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
    long received = 0;
    boolean inPattern = true;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream body = response.body()) {
      for (int n; (n = body.read(buffer)) > 0; received += n) {
        inPattern &= Arrays.equals(buffer, 0, n, filler(received, n), 0, n);
      }
    }
    assertThat(received).isEqualTo(size);
    assertThat(inPattern).as("every byte follows the filler pattern").isTrue();
  }

  @Test
  void chunkedParameterUsesChunkedFraming() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response json = http.send("GET /?chunked=1 HTTP/1.1\r\nHost: h\r\n\r\n").read();
      RawHttp.Response filler =
          http.send("GET /?chunked=1&size=100000 HTTP/1.1\r\nHost: h\r\n\r\n").read();

      assertThat(json.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(json.header("content-length")).isNull();
      assertThat(JSON.readTree(json.body()).get("server").asText()).isEqualTo("a");
      assertThat(filler.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(filler.body()).isEqualTo(filler(0, 100_000));
    }
  }

  @Test
  void uploadIsCountedAndChecksummedWithoutBeingKept() throws Exception {
    byte[] upload = randomBytes(5_000_000);
    HttpResponse<String> response =
        client.send(
            request("/upload").POST(BodyPublishers.ofByteArray(upload)).build(),
            BodyHandlers.ofString());

    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("method").asText()).isEqualTo("POST");
    assertThat(json.get("bodyBytes").asLong()).isEqualTo(upload.length);
    assertThat(json.get("bodyCrc32").asLong()).isEqualTo(crc32(upload));
  }

  @Test
  void echoBodyStreamsTheUploadBack() throws Exception {
    // A client that reads while it sends, as a proxy does: the echo answers chunk by chunk and
    // reads the next chunk only when the previous one is written, so a client that read only
    // after sending everything would stall once the socket buffers are full.
    byte[] upload = randomBytes(8 << 20);
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send(
          "POST /?echo=body HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-test\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendChunked(http, upload));
      RawHttp.Response response = http.read();
      sending.get(10, TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("content-type")).isEqualTo("application/x-test");
      assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(response.body()).hasSize(upload.length);
      assertThat(crc32(response.body())).isEqualTo(crc32(upload));
      assertThat(http.send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n").read().status())
          .as("the connection stays usable")
          .isEqualTo(200);
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send(
          "POST /?echo=body HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(100);

      RawHttp.Response response = http.send("hello").read();

      assertThat(response.text()).isEqualTo("hello");
    }
  }

  @Test
  void closeParameterClosesTheConnectionAfterTheResponse() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response response = http.send("GET /?close=1 HTTP/1.1\r\nHost: h\r\n\r\n").read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(http.closedByPeer()).isTrue();
    }
    Await.until(() -> server.activeConnections() == 0);
  }

  @Test
  void healthzAnswersOkUntilMadeUnhealthy() throws Exception {
    HttpResponse<String> healthy = get("/healthz");
    server.healthy(false);
    HttpResponse<String> unhealthy = get("/healthz");

    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("ok");
    assertThat(healthy.headers().firstValue("x-echo-server")).hasValue("a");
    assertThat(unhealthy.statusCode()).isEqualTo(503);
  }

  @Test
  void upgradeSwitchesToARawByteEcho() throws Exception {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response switched =
          http.send(
                  "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .read();

      assertThat(switched.status()).isEqualTo(101);
      assertThat(switched.header("upgrade")).isEqualTo("websocket");
      assertThat(switched.header("connection")).isEqualToIgnoringCase("upgrade");
      assertThat(switched.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      // Bytes that would break an HTTP parser: they must come back unchanged.
      byte[] sent = randomBytes(1 << 20);
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  http.send(sent);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      byte[] echoed = http.readExactly(sent.length);
      writing.get(10, TimeUnit.SECONDS);
      assertThat(echoed).isEqualTo(sent);
    }
  }

  @Test
  void http10RequestIsAnsweredInKindAndClosed() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response response = http.send("GET /old HTTP/1.0\r\n\r\n").read();

      assertThat(response.protocol()).isEqualTo("HTTP/1.0");
      assertThat(response.status()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).get("protocol").asText()).isEqualTo("HTTP/1.0");
      assertThat(JSON.readTree(response.body()).get("host").isNull()).isTrue();
      assertThat(http.closedByPeer()).isTrue();
    }
  }

  @Test
  void http10KeepAliveIsHonoured() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      String request = "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
      RawHttp.Response first = http.send(request).read();
      RawHttp.Response second = http.send(request).read();

      assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
      assertThat(second.status()).isEqualTo(200);
      assertThat(server.connectionsAccepted()).isEqualTo(1);
    }
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(http.send("GET /" + i + " HTTP/1.1\r\nHost: h\r\n\r\n").read().status())
            .isEqualTo(200);
      }

      assertThat(server.requests()).isEqualTo(3);
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      assertThat(server.activeConnections()).isEqualTo(1);
    }
    Await.until(() -> server.activeConnections() == 0);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      http.send(
          "GET /first?delay=100ms HTTP/1.1\r\nHost: h\r\n\r\n"
              + "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
              + "GET /third HTTP/1.1\r\nHost: h\r\n\r\n");

      assertThat(JSON.readTree(http.read().body()).get("path").asText()).isEqualTo("/first");
      JsonNode second = JSON.readTree(http.read().body());
      assertThat(second.get("path").asText()).isEqualTo("/second");
      assertThat(second.get("bodyBytes").asLong()).isEqualTo(3);
      assertThat(JSON.readTree(http.read().body()).get("path").asText()).isEqualTo("/third");
    }
  }

  @Test
  void headRequestGetsTheHeadAlone() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response head = http.send("HEAD /?size=1000 HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
      RawHttp.Response next = http.send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n").read();

      assertThat(head.header("content-length")).isEqualTo("1000");
      assertThat(JSON.readTree(next.body()).get("path").asText()).isEqualTo("/next");
    }
  }

  @Test
  void bodylessStatusHasNoBody() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response noContent = http.send("GET /?status=204 HTTP/1.1\r\nHost: h\r\n\r\n").read();
      RawHttp.Response next = http.send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n").read();

      assertThat(noContent.status()).isEqualTo(204);
      assertThat(noContent.header("content-length")).isNull();
      assertThat(next.status()).isEqualTo(200);
    }
  }

  @Test
  void malformedRequestIsRefusedAndClosed() throws IOException {
    try (RawHttp http = RawHttp.connect(server.port())) {
      RawHttp.Response response =
          http.send("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
              .read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
  }

  @Test
  void nioTransportServesToo() throws Exception {
    try (EchoServer nio =
        EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "n", 2, Transport.NIO)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nio.port() + "/"))
                  .timeout(TIMEOUT)
                  .build(),
              BodyHandlers.ofString());

      assertThat(nio.transport()).isEqualTo("nio");
      assertThat(response.headers().firstValue("x-echo-server")).hasValue("n");
    }
  }

  private HttpResponse<String> get(String target) throws IOException, InterruptedException {
    return client.send(request(target).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
        .timeout(TIMEOUT);
  }

  /** The filler bytes at offsets {@code [from, from + n)}. */
  private static byte[] filler(long from, int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) FillerBody.PATTERN.charAt((int) ((from + i) % FillerBody.PATTERN.length()));
    }
    return bytes;
  }

  /** Sends {@code body} in chunks of varied sizes, then the last chunk. */
  private static void sendChunked(RawHttp http, byte[] body) {
    try {
      Random sizes = new Random(42);
      for (int at = 0; at < body.length; ) {
        int n = Math.min(1 + sizes.nextInt(100_000), body.length - at);
        http.send(Integer.toHexString(n) + "\r\n");
        http.send(Arrays.copyOfRange(body, at, at + n));
        http.send("\r\n");
        at += n;
      }
      http.send("0\r\n\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  private static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** Waits for a condition the server reaches asynchronously (a close seen on its event loop). */
}
