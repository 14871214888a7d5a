package io.breakwater.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every traffic-policy feature through a running dataplane on loopback sockets, against echo
 * backends that answer with what they received (so rewrites and header rules are seen as the server
 * saw them).
 */
class TrafficPolicyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private EchoServer main;
  private EchoServer canary;
  private int deadPort;

  @BeforeEach
  void startBackends() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort(); // closed again: connects are refused
    }
    main = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "main");
    canary = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "canary");
  }

  @AfterEach
  void stopBackends() {
    main.close();
    canary.close();
  }

  /** A dataplane whose frontend {@code http} has {@code frontendKeys} and {@code routes}. */
  private Dataplane start(String frontendKeys, String routes) {
    String yaml =
        """
        global: {accessLog: {target: file, file: "%s", format: json}}
        frontends:
          - name: http
            listen: 127.0.0.1:1
            %s
            routes:
        %s
        backends:
          - {name: main, servers: [{name: m, address: "127.0.0.1:%d"}]}
          - {name: canary, servers: [{name: c, address: "127.0.0.1:%d"}]}
          - {name: dead, servers: [{name: d, address: "127.0.0.1:%d"}]}
        """
            .formatted(
                dir.resolve("access.log"),
                frontendKeys.isEmpty() ? "" : frontendKeys,
                routes.indent(6),
                main.port(),
                canary.port(),
                deadPort);
    Config c = ConfigLoader.parse(yaml, "policy.yaml");
    // The file cannot say port 0; the test wants any free port.
    Frontend f = c.frontends().get(0);
    Frontend anyPort = f.withListen(new HostPort("127.0.0.1", 0));
    return Dataplane.start(new Config(c.global(), c.defaults(), List.of(anyPort), c.backends()));
  }

  private static JsonNode echoed(RawHttp.Response r) throws Exception {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return JSON.readTree(r.text());
  }

  private static RawHttp.Response request(int port, String raw) throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send(raw);
      return c.read();
    }
  }

  private static RawHttp.Response get(int port, String path, String host, String... headers)
      throws Exception {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return request(port, b.append("\r\n").toString());
  }

  // ---- 1. header rules and request ids ----

  @Test
  void headerRulesChangeRequestAndResponseWithVariablesAndRequestIdsAreGeneratedAndLogged()
      throws Exception {
    try (Dataplane dp =
        start(
            "policy: {responseHeaders: {set: [{name: X-Frame-Options, value: DENY}]}}",
            """
            - path: /
              backend: main
              policy:
                requestHeaders:
                  set: [{name: X-Client, value: "${client_ip} ${scheme} ${host} id=${request_id}"}]
                  add: [{name: X-Team, value: a}, {name: X-Team, value: b}]
                  remove: [X-Secret]
                responseHeaders:
                  add: [{name: X-Served-By, value: "breakwater $$1"}]
            """)) {
      int port = dp.port("http");
      RawHttp.Response r = get(port, "/a", "app.test:8080", "X-Secret: s", "X-Team: z");
      JsonNode h = echoed(r).get("headers");
      String id = h.get("x-request-id").asText();
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(h.get("x-client").asText()).isEqualTo("127.0.0.1 http app.test id=" + id);
      assertThat(h.get("x-team").toString()).isEqualTo("[\"z\",\"a\",\"b\"]");
      assertThat(h.has("x-secret")).isFalse();
      assertThat(r.header("x-frame-options")).as("the frontend's rule").isEqualTo("DENY");
      assertThat(r.header("x-served-by")).isEqualTo("breakwater $1");

      JsonNode kept = echoed(get(port, "/b", "app.test", "X-Request-Id: given-1"));
      assertThat(kept.get("headers").get("x-request-id").asText()).isEqualTo("given-1");

      Await.until(() -> dp.stats().info().accessLogWritten() == 2);
      String log = Files.readString(dir.resolve("access.log"));
      assertThat(log).contains("\"request_id\":\"" + id + "\"").contains("given-1");
    }
  }

  // ---- 2. rewrite, redirects, sslRedirect, HSTS ----

  @Test
  void prefixAndRegexRewritesAndHostRewriteReachTheServer() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - {path: /api, backend: main, policy: {rewrite: {prefix: /v2, host: internal.svc}}}
            - {path: /legacy, backend: main, policy: {rewrite: {regex: "^/legacy/(.*)", replacement: "/new/$1"}}}
            """)) {
      int port = dp.port("http");
      JsonNode a = echoed(get(port, "/api/users?x=1", "app.test"));
      assertThat(a.get("path").asText()).isEqualTo("/v2/users");
      assertThat(a.get("query").asText()).isEqualTo("x=1");
      assertThat(a.get("host").asText()).isEqualTo("internal.svc");
      JsonNode b = echoed(get(port, "/legacy/a/b", "app.test"));
      assertThat(b.get("path").asText()).isEqualTo("/new/a/b");
    }
  }

  @Test
  void sslRedirectAnswers308UnlessATrustedProxySaysHttpsAndHstsOnlyGoesOverHttps()
      throws Exception {
    try (Dataplane dp =
        start(
            "trustedProxies: [127.0.0.1]",
            """
            - path: /
              backend: main
              policy:
                sslRedirect: true
                hsts: {maxAge: 1h, includeSubDomains: true}
            - host: old.test
              backend: main
              policy: {redirect: {host: new.test, path: /moved, status: 301}}
            """)) {
      int port = dp.port("http");
      RawHttp.Response plain = get(port, "/p?q=1", "app.test:8080");
      assertThat(plain.status()).isEqualTo(308);
      assertThat(plain.header("location")).isEqualTo("https://app.test/p?q=1");
      assertThat(plain.header("strict-transport-security")).isNull();

      RawHttp.Response tls = get(port, "/p", "app.test", "X-Forwarded-Proto: https");
      assertThat(echoed(tls).get("headers").get("x-forwarded-proto").asText()).isEqualTo("https");
      assertThat(tls.header("strict-transport-security"))
          .isEqualTo("max-age=3600; includeSubDomains");

      RawHttp.Response moved = get(port, "/x?y", "old.test");
      assertThat(moved.status()).isEqualTo(301);
      assertThat(moved.header("location")).isEqualTo("http://new.test/moved?y");
      assertThat(echoedNothing()).isTrue();
    }
  }

  private boolean echoedNothing() {
    return main.requests() == 1; // only the HTTPS request reached the server
  }

  // ---- 3. allow/deny lists, trusted proxies, PROXY protocol ----

  @Test
  void allowAndDenyListsRefuseWith403() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - {path: /allowed, backend: main, policy: {allowList: [127.0.0.0/8, "::1"]}}
            - {path: /others, backend: main, policy: {allowList: [10.0.0.0/8, "fd00::/8"]}}
            - {path: /denied, backend: main, policy: {allowList: [127.0.0.0/8], denyList: [127.0.0.1]}}
            """)) {
      int port = dp.port("http");
      assertThat(get(port, "/allowed", "t").status()).isEqualTo(200);
      assertThat(get(port, "/others", "t").status()).isEqualTo(403);
      RawHttp.Response denied = get(port, "/denied", "t");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.text()).contains("not allowed");
      assertThat(dp.frontend("http").stats().errors(ProxyErrorKind.DENIED)).isEqualTo(2);
    }
  }

  @Test
  void xForwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
    String routes = "- {path: /, backend: main, policy: {allowList: [10.0.0.0/8]}}";
    try (Dataplane trusting = start("trustedProxies: [127.0.0.1, 192.0.2.0/24]", routes)) {
      int port = trusting.port("http");
      // Walked from the right: 192.0.2.9 is a trusted proxy, 10.1.2.3 the client.
      assertThat(get(port, "/", "t", "X-Forwarded-For: 6.6.6.6, 10.1.2.3, 192.0.2.9").status())
          .isEqualTo(200);
      assertThat(get(port, "/", "t", "X-Forwarded-For: 10.1.2.3, 6.6.6.6").status())
          .as("the rightmost untrusted hop is the client")
          .isEqualTo(403);
    }
    try (Dataplane trustingNobody = start("", routes)) {
      assertThat(get(trustingNobody.port("http"), "/", "t", "X-Forwarded-For: 10.1.2.3").status())
          .isEqualTo(403);
    }
  }

  @Test
  void proxyProtocolV1AndV2GiveTheClientAddress() throws Exception {
    try (Dataplane dp =
        start(
            "proxyProtocol: true",
            """
            - {path: /, backend: main, policy: {denyList: [10.66.0.0/16]}}
            """)) {
      int port = dp.port("http");
      RawHttp.Response v1 =
          request(
              port, "PROXY TCP4 10.9.9.9 127.0.0.1 40000 80\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(echoed(v1).get("headers").get("x-forwarded-for").asText()).isEqualTo("10.9.9.9");

      ByteArrayOutputStream v2 = new ByteArrayOutputStream();
      v2.write(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
      v2.write(new byte[] {0x21, 0x11, 0x00, 0x0C}); // v2 PROXY, TCP over IPv4, 12 bytes
      v2.write(new byte[] {10, 66, 1, 2, 127, 0, 0, 1, (byte) 0x9c, 0x40, 0x00, 0x50});
      v2.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      try (RawHttp c = new RawHttp(port)) {
        c.send(v2.toByteArray());
        assertThat(c.read().status()).as("10.66.1.2 is denied").isEqualTo(403);
      }
      try (RawHttp c = new RawHttp(port)) {
        c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(c.closedByPeer()).as("no PROXY header: closed").isTrue();
      }
    }
  }

  // ---- 4. rate limiting ----

  @Test
  void rateLimitRefusesWith429AndRetryAfterPerClientKeyAndCountsIt() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - path: /
              backend: main
              policy: {rateLimit: {rate: 2, period: 1h, burst: 2, header: X-Api-Key}}
            """)) {
      int port = dp.port("http");
      assertThat(get(port, "/", "t", "X-Api-Key: a").status()).isEqualTo(200);
      assertThat(get(port, "/", "t", "X-Api-Key: a").status()).isEqualTo(200);
      RawHttp.Response limited = get(port, "/", "t", "X-Api-Key: a");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(Long.parseLong(limited.header("retry-after"))).isBetween(1700L, 1800L);
      assertThat(get(port, "/", "t", "X-Api-Key: b").status()).as("another key").isEqualTo(200);
      // A config change that leaves the route alone (an endpoint update) keeps the buckets.
      dp.setWeight("main", "m", 50);
      assertThat(get(port, "/", "t", "X-Api-Key: a").status()).isEqualTo(429);
      assertThat(dp.frontend("http").stats().errors(ProxyErrorKind.RATE_LIMITED)).isEqualTo(2);
      assertThat(main.requests()).isEqualTo(3);
    }
  }

  // ---- 5. CORS ----

  @Test
  void corsPreflightIsAnsweredHereAndResponsesGetTheAllowFields() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - path: /
              backend: main
              policy:
                cors:
                  allowOrigins: ["https://*.example.com"]
                  allowMethods: [GET, PUT]
                  allowHeaders: [Content-Type]
                  maxAge: 10m
            """)) {
      int port = dp.port("http");
      RawHttp.Response pre =
          request(
              port,
              "OPTIONS /x HTTP/1.1\r\nHost: t\r\nOrigin: https://app.example.com\r\n"
                  + "Access-Control-Request-Method: PUT\r\n\r\n");
      assertThat(pre.status()).isEqualTo(204);
      assertThat(pre.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
      assertThat(pre.header("access-control-allow-methods")).isEqualTo("GET, PUT");
      assertThat(pre.header("access-control-max-age")).isEqualTo("600");
      assertThat(main.requests()).as("the preflight never reached the server").isZero();

      RawHttp.Response actual = get(port, "/x", "t", "Origin: https://app.example.com");
      assertThat(actual.status()).isEqualTo(200);
      assertThat(actual.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
      RawHttp.Response foreign = get(port, "/x", "t", "Origin: https://evil.test");
      assertThat(foreign.header("access-control-allow-origin")).isNull();
    }
  }

  // ---- 6. split ----

  @Test
  void splitSendsByHeaderCookieAndWeight() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - path: /all
              backend: main
              split: [{backend: canary, weight: 100}]
            - path: /match
              backend: main
              split:
                - backend: canary
                  weight: 0
                  header: {name: x-canary, value: always}
                  cookie: {name: canary, value: "yes"}
            """)) {
      int port = dp.port("http");
      assertThat(echoed(get(port, "/all", "t")).get("server").asText()).isEqualTo("canary");
      assertThat(echoed(get(port, "/match", "t")).get("server").asText()).isEqualTo("main");
      assertThat(echoed(get(port, "/match", "t", "x-canary: always")).get("server").asText())
          .isEqualTo("canary");
      assertThat(echoed(get(port, "/match", "t", "Cookie: a=b; canary=yes")).get("server").asText())
          .isEqualTo("canary");
    }
  }

  // ---- body limit ----

  @Test
  void bodiesOverTheLimitGet413() throws Exception {
    try (Dataplane dp = start("", "- {path: /, backend: main, policy: {maxBodySize: 10}}")) {
      int port = dp.port("http");
      RawHttp.Response big =
          request(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n01234567890");
      assertThat(big.status()).isEqualTo(413);
      RawHttp.Response chunked =
          request(
              port,
              "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "6\r\n012345\r\n6\r\n012345\r\n0\r\n\r\n");
      assertThat(chunked.status()).isEqualTo(413);
      RawHttp.Response small =
          request(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789");
      assertThat(small.status()).isEqualTo(200);
    }
  }

  // ---- 7. mirroring ----

  @Test
  void mirrorCopiesRequestsWithTheirBodyAndNeverAffectsTheClient() throws Exception {
    try (Dataplane dp =
        start(
            "",
            """
            - {path: /copied, backend: main, policy: {mirror: {backend: canary, percent: 100}}}
            - {path: /big, backend: main, policy: {mirror: {backend: canary, bodyLimit: 4}}}
            - {path: /lost, backend: main, policy: {mirror: {backend: dead}}}
            """)) {
      int port = dp.port("http");
      RawHttp.Response r =
          request(port, "POST /copied HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(echoed(r).get("server").asText()).isEqualTo("main");
      Await.until(() -> canary.requests() == 1);

      RawHttp.Response chunked =
          request(
              port,
              "POST /big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
      assertThat(echoed(chunked).get("bodyBytes").asInt()).isEqualTo(6);

      for (int i = 0; i < 3; i++) {
        assertThat(echoed(get(port, "/lost", "t")).get("server").asText()).isEqualTo("main");
      }
      assertThat(get(port, "/copied", "t").status()).isEqualTo(200);
      Await.until(() -> canary.requests() == 2);
      assertThat(canary.requests()).as("the body over the limit was not mirrored").isEqualTo(2);
    }
  }
}
