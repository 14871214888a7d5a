package io.breakwater.dataplane.tls;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.RawHttp;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.breakwater.dataplane.testing.TestConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on a frontend with real handshakes from the JDK's client: the certificate SNI chooses,
 * protocol versions, key formats from files and inline, and certificates swapped at runtime while
 * an open connection keeps working.
 */
class TlsIT {
  private static final Issued A = TestCertificates.rsa("a.example.com");
  private static final Issued WILD = TestCertificates.ec("*.b.example.com");
  private static final Issued DEFAULT = TestCertificates.rsa("default.example.com");

  private static EchoServer echo;
  private Dataplane dp;

  @TempDir Path dir;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
  }

  private static Tls.Certificate inline(Issued i) {
    return new Tls.Certificate(null, i.certPem(), null, i.pkcs8Pem());
  }

  private static Tls tls(Tls.Certificate... certs) {
    return new Tls(List.of(certs), Tls.PROTOCOLS, List.of());
  }

  private Dataplane start(Tls tls) {
    dp =
        Dataplane.start(
            TestConfig.create().backend("b", server("echo", echo.port())).tls(tls).build());
    return dp;
  }

  /** A handshake that trusts anything and asks for {@code sni} (none when null). */
  private static SSLSocket connect(int port, String sni, String... protocols) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    SSLParameters p = s.getSSLParameters();
    p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    if (protocols.length > 0) {
      p.setProtocols(protocols);
    }
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  private static X509Certificate peer(SSLSocket s) throws Exception {
    return (X509Certificate) s.getSession().getPeerCertificates()[0];
  }

  @Test
  void servesTheCertificateTheSniNameChoosesAndProxiesOverTls() throws Exception {
    start(tls(inline(DEFAULT), inline(A), inline(WILD)));
    int port = dp.port("http");
    try (SSLSocket s = connect(port, "a.example.com")) {
      assertThat(peer(s)).isEqualTo(A.cert());
      RawHttp.Response r = new RawHttp(s).get("/x", "a.example.com");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("\"x-forwarded-proto\":\"https\"");
    }
    try (SSLSocket s = connect(port, "A.Example.COM")) {
      assertThat(peer(s)).isEqualTo(A.cert());
    }
    try (SSLSocket s = connect(port, "x.b.example.com")) {
      assertThat(peer(s)).isEqualTo(WILD.cert());
    }
  }

  @Test
  void behindTlsSslRedirectLetsTheRequestThroughAndHstsIsSent() throws Exception {
    Config plain =
        TestConfig.create()
            .backend("b", server("echo", echo.port()))
            .tls(tls(inline(DEFAULT)))
            .build();
    Frontend f = plain.frontends().get(0);
    TrafficPolicy policy =
        new TrafficPolicy(
            null,
            null,
            null,
            null,
            true,
            new TrafficPolicy.Hsts(true, Duration.ofDays(1), false, false),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Frontend withPolicy =
        new Frontend(
            f.name(),
            f.listen(),
            f.defaultBackend(),
            f.routes(),
            f.timeouts(),
            false,
            List.of(),
            f.requestId(),
            policy,
            f.tls(),
            false);
    dp =
        Dataplane.start(
            new Config(plain.global(), plain.defaults(), List.of(withPolicy), plain.backends()));
    try (SSLSocket s = connect(dp.port("http"), "default.example.com")) {
      RawHttp.Response r = new RawHttp(s).get("/x", "default.example.com");
      assertThat(r.status()).as("not redirected: the request is already https").isEqualTo(200);
      assertThat(r.header("strict-transport-security")).isEqualTo("max-age=86400");
    }
  }

  @Test
  void noOrAnUnknownNameGetsTheFirstCertificate() throws Exception {
    start(tls(inline(DEFAULT), inline(A), inline(WILD)));
    int port = dp.port("http");
    for (String sni :
        new String[] {null, "unknown.example.com", "b.example.com", "y.x.b.example.com"}) {
      try (SSLSocket s = connect(port, sni)) {
        assertThat(peer(s)).as(String.valueOf(sni)).isEqualTo(DEFAULT.cert());
      }
    }
  }

  @Test
  void onlyTheConfiguredProtocolsAreSpoken() throws Exception {
    start(new Tls(List.of(inline(A)), List.of("TLSv1.3"), List.of()));
    try (SSLSocket s = connect(dp.port("http"), "a.example.com", "TLSv1.3")) {
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
    assertThatThrownBy(() -> connect(dp.port("http"), "a.example.com", "TLSv1.2").close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void readsPkcs1AndSec1KeysFromFiles() throws Exception {
    Path aCert = write("a.crt", A.certPem());
    Path aKey = write("a.key", A.traditionalPem());
    Path wCert = write("w.crt", WILD.certPem());
    Path wKey = write("w.key", WILD.traditionalPem());
    start(
        tls(
            new Tls.Certificate(aCert.toString(), null, aKey.toString(), null),
            new Tls.Certificate(wCert.toString(), null, wKey.toString(), null)));
    try (SSLSocket s = connect(dp.port("http"), "z.b.example.com")) {
      assertThat(peer(s)).isEqualTo(WILD.cert());
      assertThat(new RawHttp(s).get("/", "z.b.example.com").status()).isEqualTo(200);
    }
  }

  @Test
  void aNewCertificateAppliesToNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
    start(tls(inline(A)));
    int port = dp.port("http");
    Issued renewed = TestCertificates.rsa("a.example.com");
    try (SSLSocket open = connect(port, "a.example.com")) {
      RawHttp client = new RawHttp(open);
      assertThat(client.get("/", "a.example.com").status()).isEqualTo(200);

      dp.apply(
          TestConfig.create()
              .backend("b", server("echo", echo.port()))
              .tls(tls(inline(renewed)))
              .build());

      assertThat(client.get("/", "a.example.com").status()).isEqualTo(200);
      assertThat(peer(open)).isEqualTo(A.cert());
      try (SSLSocket fresh = connect(port, "a.example.com")) {
        assertThat(peer(fresh)).isEqualTo(renewed.cert());
      }
    }
  }

  @Test
  void aChangedCertificateFileIsReadAgainOnApply() throws Exception {
    Path cert = write("a.crt", A.certPem());
    Path key = write("a.key", A.pkcs8Pem());
    Tls fromFiles = tls(new Tls.Certificate(cert.toString(), null, key.toString(), null));
    start(fromFiles);
    int port = dp.port("http");
    Issued renewed = TestCertificates.ec("a.example.com");
    write("a.crt", renewed.certPem() + "\n"); // a different size: changed whatever the clock says
    write("a.key", renewed.pkcs8Pem());
    dp.apply(TestConfig.create().backend("b", server("echo", echo.port())).tls(fromFiles).build());
    try (SSLSocket s = connect(port, "a.example.com")) {
      assertThat(peer(s)).isEqualTo(renewed.cert());
    }
  }

  @Test
  void badMaterialRefusesTheConfigWithThePathAndKeepsTheRunningOne() throws Exception {
    start(tls(inline(A)));
    int port = dp.port("http");
    Path missing = dir.resolve("missing.crt");
    assertThatThrownBy(
            () ->
                dp.apply(
                    TestConfig.create()
                        .backend("b", server("echo", echo.port()))
                        .tls(
                            tls(
                                new Tls.Certificate(missing.toString(), null, null, A.pkcs8Pem()),
                                new Tls.Certificate(null, A.certPem(), null, WILD.pkcs8Pem())))
                        .build()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(err -> err.path() + ": " + err.message())
                    .containsExactly(
                        "frontends[0].tls.certificates[0].certFile: " + missing + ": no such file",
                        "frontends[0].tls.certificates[1]: the private key does not match the"
                            + " certificate"));
    try (SSLSocket s = connect(port, "a.example.com")) {
      assertThat(peer(s)).isEqualTo(A.cert());
    }
  }

  @Test
  void plainHttpOnATlsPortIsClosedWithoutAnAnswer() throws Exception {
    start(tls(inline(A)));
    try (RawHttp c = new RawHttp(dp.port("http"))) {
      c.send("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n");
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThatThrownBy(() -> connect(dp.port("http"), "a.example.com", "TLSv1.1").close())
        .isInstanceOfAny(SSLHandshakeException.class, IOException.class);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
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
