package io.breakwater.dataplane.tls;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.BackendPolicy;
import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.StatusRange;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TestConfig;
import io.breakwater.dataplane.testing.TlsBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from the proxy to backends against a real TLS server with certificates made at test time:
 * verification by CA and name, SNI, mTLS, keep-alive reuse, health checks over TLS, WebSockets
 * through TLS on either side, and bad material refused with paths.
 */
class BackendTlsIT {
  private static final Issued BACKEND = TestCertificates.rsa("backend.test", "alt.backend.test");
  private static final Issued BY_IP = TestCertificates.ec("127.0.0.1");
  private static final Issued OTHER = TestCertificates.rsa("other.test");
  private static final Issued CLIENT = TestCertificates.ec("client.test");
  private static final Issued FRONT = TestCertificates.rsa("front.test");

  private TlsBackend backend;
  private Dataplane dp;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static BackendTls tls(String ca, boolean verify, String sni, Tls.Certificate client) {
    return new BackendTls(null, ca, verify, sni, client, Tls.PROTOCOLS, List.of());
  }

  private static BackendTls verified(Issued ca, String sni) {
    return tls(ca.certPem(), true, sni, null);
  }

  private static Config config(int port, BackendTls tls) {
    return withBackend(TestConfig.create().backend("b", server("s", port)).build(), tls, null);
  }

  private static Config withBackend(Config base, BackendTls tls, HealthCheck check) {
    Backend b = base.backends().get(0).withTls(tls);
    if (check != null) {
      BackendPolicy p = b.policy();
      b =
          b.withPolicy(
                  new BackendPolicy(
                      check,
                      p.observe(),
                      p.retries(),
                      p.circuitBreaker(),
                      p.outlierDetection(),
                      p.limits(),
                      p.slowstart(),
                      p.faults()))
              .withServers(b.servers().stream().map(s -> s.withHealthCheck(check)).toList());
    }
    return new Config(base.global(), base.defaults(), base.frontends(), List.of(b));
  }

  private Dataplane start(Config c) {
    dp = Dataplane.start(c);
    return dp;
  }

  private RawHttp.Response get(String path) throws Exception {
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      return c.get(path, "app.test");
    }
  }

  private long connectFailures() {
    return dp.server("b", "s").stats().errors(ProxyErrorKind.CONNECT_FAILED);
  }

  @Test
  void verifiesTheServerByTheCaAndTheSniNameAndSendsThatName() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), verified(BACKEND, "backend.test")));
    RawHttp.Response r = get("/hello");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("sni=backend.test path=/hello client=-");
    assertThat(backend.sniNames()).containsExactly("backend.test");
  }

  @Test
  void withoutSniAnIpAddressIsVerifiedAgainstTheCertificatesIpNames() throws Exception {
    backend = TlsBackend.start(BY_IP);
    start(config(backend.port(), verified(BY_IP, null)));
    RawHttp.Response r = get("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).as("no SNI for an IP address").startsWith("sni=- ");
  }

  @Test
  void anUntrustedCertificateIsAConnectFailure() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), verified(OTHER, "backend.test")));
    assertThat(get("/").status()).isIn(502, 503);
    assertThat(connectFailures()).isPositive();
    Await.until(() -> backend.failedHandshakes() > 0);
    assertThat(backend.handshakes()).isZero();
  }

  @Test
  void withoutCaTheJdkTrustStoreDecidesAndRefusesASelfSignedCertificate() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), tls(null, true, "backend.test", null)));
    assertThat(get("/").status()).isIn(502, 503);
    assertThat(connectFailures()).isPositive();
  }

  @Test
  void aNameTheCertificateLacksIsAConnectFailure() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), verified(BACKEND, "wrong.test")));
    assertThat(get("/").status()).isIn(502, 503);
    assertThat(connectFailures()).isPositive();
    // Without SNI the address is checked: 127.0.0.1 is not among the certificate's names.
    dp.apply(config(backend.port(), verified(BACKEND, null)));
    assertThat(get("/").status()).isIn(502, 503);
    assertThat(backend.handshakes()).isZero();
  }

  @Test
  void verifyFalseAcceptsAnyCertificate() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), tls(null, false, null, null)));
    RawHttp.Response r = get("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(backend.handshakes()).isEqualTo(1);
  }

  @Test
  void aServerThatRequiresAClientCertificateGetsOne() throws Exception {
    backend = TlsBackend.requireClientCertificate(BACKEND, CLIENT);
    Tls.Certificate client = new Tls.Certificate(null, CLIENT.certPem(), null, CLIENT.pkcs8Pem());
    start(config(backend.port(), tls(BACKEND.certPem(), true, "backend.test", client)));
    RawHttp.Response r = get("/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).endsWith("client=CN=client.test");

    // Without one: under TLS 1.3 the server refuses it after the client's side of the handshake
    // is done, so the refusal arrives as a close after the request was sent (502 all the same).
    dp.apply(config(backend.port(), verified(BACKEND, "backend.test")));
    assertThat(get("/").status()).as("no client certificate").isIn(502, 503);
    Await.until(() -> backend.failedHandshakes() > 0);
    // Under TLS 1.2 the refusal ends the handshake: a connect failure.
    dp.apply(
        config(
            backend.port(),
            new BackendTls(
                null,
                BACKEND.certPem(),
                true,
                "backend.test",
                null,
                List.of("TLSv1.2"),
                List.of())));
    assertThat(get("/").status()).isIn(502, 503);
    assertThat(connectFailures()).isPositive();
  }

  @Test
  void keepAliveReusesOneTlsConnection() throws Exception {
    backend = TlsBackend.start(BACKEND);
    start(config(backend.port(), verified(BACKEND, "backend.test")));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      assertThat(c.get("/1", "app.test").text()).contains("path=/1");
      assertThat(c.get("/2", "app.test").text()).contains("path=/2");
      assertThat(c.get("/3", "app.test").text()).contains("path=/3");
    }
    assertThat(backend.handshakes()).isEqualTo(1);
  }

  @Test
  void aTlsChangeRetiresPooledConnectionsAndAnUnchangedOneKeepsThem() throws Exception {
    backend = TlsBackend.start(BACKEND);
    Config first = config(backend.port(), verified(BACKEND, "backend.test"));
    start(first);
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      assertThat(c.get("/", "app.test").status()).isEqualTo(200);
      dp.apply(first); // the same block: context and pooled connection kept
      assertThat(c.get("/", "app.test").status()).isEqualTo(200);
      assertThat(backend.handshakes()).isEqualTo(1);
      dp.apply(config(backend.port(), verified(BACKEND, "alt.backend.test")));
      assertThat(c.get("/", "app.test").text()).startsWith("sni=alt.backend.test ");
    }
    assertThat(backend.sniNames()).containsExactly("backend.test", "alt.backend.test");
  }

  @Test
  void healthChecksGoOverTlsAndAnUntrustedServerIsDown() throws Exception {
    backend = TlsBackend.start(BACKEND);
    HealthCheck check =
        new HealthCheck(
            HealthCheck.Type.HTTP,
            "GET",
            "/healthz",
            null,
            StatusRange.CHECK_OK,
            null,
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            Duration.ofSeconds(2),
            1,
            1,
            0);
    Config base = TestConfig.create().backend("b", server("s", backend.port())).build();
    start(withBackend(base, verified(BACKEND, "backend.test"), check));
    Await.until(() -> "L7OK".equals(serverStats().checkStatus()));
    assertThat(serverStats().up()).isTrue();

    dp.apply(withBackend(base, verified(OTHER, "backend.test"), check));
    Await.until(() -> !serverStats().up());
    assertThat(serverStats().checkStatus()).isEqualTo("L6RSP");
    assertThat(serverStats().checkDescription()).startsWith("TLS handshake: ");
    assertThat(get("/").status()).isEqualTo(503);
  }

  @Test
  void aCheckWithTlsFalseGoesInPlainToAHealthPort() throws Exception {
    backend = TlsBackend.start(BACKEND);
    try (EchoServer health = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "health")) {
      HealthCheck check =
          new HealthCheck(
              HealthCheck.Type.HTTP,
              "GET",
              "/healthz",
              null,
              StatusRange.CHECK_OK,
              null,
              Duration.ofMillis(50),
              Duration.ofMillis(50),
              Duration.ofMillis(50),
              Duration.ofSeconds(2),
              1,
              1,
              health.port(),
              false);
      Config base = TestConfig.create().backend("b", server("s", backend.port())).build();
      start(withBackend(base, verified(BACKEND, "backend.test"), check));
      Await.until(() -> "L7OK".equals(serverStats().checkStatus()));
      assertThat(backend.handshakes()).as("no check went to the TLS port").isZero();
      assertThat(get("/").status()).isEqualTo(200);
    }
  }

  private StatsSnapshot.Server serverStats() {
    return dp.stats().backends().get(0).servers().get(0);
  }

  @Test
  void requestsAreMirroredToATlsBackend() throws Exception {
    backend = TlsBackend.start(BACKEND);
    Path ca = Files.writeString(dir.resolve("ca.pem"), BACKEND.certPem());
    try (EchoServer main = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "main")) {
      Config parsed =
          ConfigLoader.parse(
              """
              frontends:
                - name: http
                  listen: 127.0.0.1:1
                  defaultBackend: main
                  policy:
                    mirror: {backend: shadow}
              backends:
                - name: main
                  servers: [{name: s, address: "127.0.0.1:%d"}]
                - name: shadow
                  tls: {caFile: "%s", sni: backend.test}
                  servers: [{name: s, address: "127.0.0.1:%d"}]
              """
                  .formatted(main.port(), ca, backend.port()),
              "mirror.yaml");
      Frontend f = parsed.frontends().get(0);
      Frontend anyPort = f.withListen(new HostPort("127.0.0.1", 0));
      start(new Config(parsed.global(), parsed.defaults(), List.of(anyPort), parsed.backends()));
      assertThat(get("/copied").status()).isEqualTo(200);
      Await.until(() -> backend.handshakes() == 1);
      assertThat(backend.sniNames()).containsExactly("backend.test");
    }
  }

  @Test
  void aWebSocketGoesThroughATlsFrontendToAPlainBackend() throws Exception {
    try (EchoServer echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo")) {
      start(TestConfig.create().backend("b", server("s", echo.port())).tls(frontTls()).build());
      webSocketRoundTrip();
    }
  }

  @Test
  void aWebSocketGoesThroughATlsFrontendToATlsBackend() throws Exception {
    backend = TlsBackend.start(BACKEND);
    Config base =
        TestConfig.create().backend("b", server("s", backend.port())).tls(frontTls()).build();
    start(withBackend(base, verified(BACKEND, "backend.test"), null));
    webSocketRoundTrip();
    assertThat(backend.handshakes()).isEqualTo(1);
  }

  private static Tls frontTls() {
    return new Tls(
        List.of(new Tls.Certificate(null, FRONT.certPem(), null, FRONT.pkcs8Pem())),
        Tls.PROTOCOLS,
        List.of());
  }

  /** An upgrade over wss, then 100 kB of frame bytes each way, echoed byte for byte. */
  private void webSocketRoundTrip() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", dp.port("http"));
    s.setSoTimeout(10_000);
    try (RawHttp c = new RawHttp(s)) {
      RawHttp.Response r =
          c.send(
                  "GET /chat HTTP/1.1\r\nHost: ws.test\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n")
              .readHead();
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      byte[] payload = new byte[100_000];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) (i * 7);
      }
      c.out().write(payload);
      c.out().flush();
      assertThat(c.readExactly(payload.length)).isEqualTo(payload);
    }
  }

  @Test
  void badMaterialIsRefusedAtItsPathAndTheRunningConfigStays() throws Exception {
    backend = TlsBackend.start(BACKEND);
    Config good = config(backend.port(), verified(BACKEND, "backend.test"));
    start(good);
    Path missing = dir.resolve("missing-ca.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    List<Config> bad =
        List.of(
            config(backend.port(), tls("-----BEGIN CERTIFICATE-----\n!!\n", true, null, null)),
            config(
                backend.port(),
                new BackendTls(
                    missing.toString(), null, true, null, null, Tls.PROTOCOLS, List.of())),
            config(
                backend.port(),
                new BackendTls(
                    garbage.toString(), null, true, null, null, Tls.PROTOCOLS, List.of())),
            config(
                backend.port(),
                tls(
                    BACKEND.certPem(),
                    true,
                    null,
                    new Tls.Certificate(null, CLIENT.certPem(), null, OTHER.pkcs8Pem()))));
    List<String> expected =
        List.of(
            "backends[0].tls.ca: no certificate",
            "backends[0].tls.caFile: " + missing + ": no such file",
            "backends[0].tls.caFile: no certificate",
            "backends[0].tls.clientCertificate: the private key does not match the certificate");
    for (int i = 0; i < bad.size(); i++) {
      Config c = bad.get(i);
      assertThatThrownBy(() -> dp.apply(c))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e ->
                  assertThat(e.errors().stream().map(ConfigError::toString).toList())
                      .singleElement()
                      .asString()
                      .startsWith(expected.get(bad.indexOf(c))));
    }
    assertThat(dp.config()).isEqualTo(good);
    assertThat(get("/").status()).isEqualTo(200);
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
