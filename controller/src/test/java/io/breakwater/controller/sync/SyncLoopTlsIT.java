package io.breakwater.controller.sync;

import static io.breakwater.controller.testing.TestManifests.INGRESS_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.source.ManifestsSource;
import io.breakwater.controller.testing.BootstrapDataplane;
import io.breakwater.controller.testing.GeneratedCertificates;
import io.breakwater.controller.testing.TestManifests;
import io.breakwater.controller.testing.TlsClient;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.Await;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingress TLS Secrets reaching a real dataplane: a bootstrap with a plain and a TLS frontend, a
 * manifests directory, the Runtime API on a Unix socket, HTTPS requests with SNI from the JDK's
 * client.
 */
@Timeout(120)
class SyncLoopTlsIT {
  @TempDir Path dir;
  private Path manifests;
  private EchoServer echo;
  private BootstrapDataplane bootstrap;
  private SyncLoop loop;
  private int httpsPort;

  @BeforeEach
  void start() throws IOException {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "web-0");
    manifests = Files.createDirectory(dir.resolve("manifests"));
    bootstrap = BootstrapDataplane.tls(dir);
    httpsPort = bootstrap.httpsPort();
  }

  private void startLoop(TranslateOptions options) {
    loop =
        new SyncLoop(
            new ManifestsSource(manifests, Duration.ofSeconds(1), Duration.ofMillis(20)),
            new RuntimeApiTarget(RuntimeClient.unix(bootstrap.socket())),
            options,
            SyncListener.NONE,
            SyncLoop.Settings.DEFAULT.withPacing(Duration.ofMillis(20), Duration.ofMillis(200)));
    loop.start();
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (bootstrap != null) {
      bootstrap.close();
    }
    if (echo != null) {
      echo.close();
    }
  }

  @Test
  void anHttpsRequestWithSniGetsTheSecretsCertificateAndTheBackendsAnswer() throws Exception {
    Issued shop = TestCertificates.ec("shop.example.com");
    write(
        "shop.yaml",
        shop("shop.example.com") + GeneratedCertificates.secret("default", "shop-tls", shop));
    startLoop(TranslateOptions.DEFAULT);

    Await.until(() -> served("shop.example.com", shop.cert()), Duration.ofSeconds(20));
    TlsClient.Answer a = TlsClient.get(httpsPort, "shop.example.com");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.server()).isEqualTo("web-0");
    // Other names still get the bootstrap's default certificate.
    assertThat(TlsClient.get(httpsPort, "other.example.com").certificate())
        .isEqualTo(BootstrapDataplane.CERTIFICATE.cert());
  }

  @Test
  void aRotatedSecretReachesTheDataplane() throws Exception {
    Issued before = TestCertificates.ec("shop.example.com");
    write(
        "shop.yaml",
        shop("shop.example.com") + GeneratedCertificates.secret("default", "shop-tls", before));
    startLoop(TranslateOptions.DEFAULT);
    Await.until(() -> served("shop.example.com", before.cert()), Duration.ofSeconds(20));

    Issued after = TestCertificates.ec("shop.example.com");
    write(
        "shop.yaml",
        shop("shop.example.com") + GeneratedCertificates.secret("default", "shop-tls", after));

    Await.until(() -> served("shop.example.com", after.cert()), Duration.ofSeconds(20));
    assertThat(bootstrap.dataplane().config().frontend("https").tls().certificates()).hasSize(2);
  }

  @Test
  void aBadSecretIsLeftOutAndTheRestIsServed() throws Exception {
    Issued good = TestCertificates.ec("good.example.com");
    Issued other = TestCertificates.ec("bad.example.com");
    Issued wrongKey =
        new Issued(other.cert(), other.certPem(), good.pkcs8Pem(), good.traditionalPem());
    write(
        "apps.yaml",
        shop("good.example.com")
            + GeneratedCertificates.secret("default", "shop-tls", good)
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: bad, namespace: default}
            spec:
              ingressClassName: breakwater
              tls: [{hosts: [bad.example.com], secretName: bad-tls}]
              rules:
                - host: bad.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """
            + GeneratedCertificates.secret("default", "bad-tls", wrongKey));
    startLoop(TranslateOptions.DEFAULT);

    Await.until(() -> served("good.example.com", good.cert()), Duration.ofSeconds(20));
    TlsClient.Answer bad = TlsClient.get(httpsPort, "bad.example.com");
    assertThat(bad.certificate()).isEqualTo(BootstrapDataplane.CERTIFICATE.cert());
    assertThat(bad.status()).isEqualTo(200);
  }

  @Test
  void theDefaultCertificateIsServedWhenNoSniNameMatches() throws Exception {
    Issued fallback = TestCertificates.rsa("fallback.example.org");
    Issued shop = TestCertificates.ec("shop.example.com");
    write(
        "shop.yaml",
        shop("shop.example.com")
            + GeneratedCertificates.secret("default", "shop-tls", shop)
            + GeneratedCertificates.secret("ingress", "fallback", fallback));
    startLoop(
        TranslateOptions.DEFAULT.withDefaultTlsCertificate(
            new ObjectRef("Secret", "ingress", "fallback")));

    // No route for that host (404), but the handshake gets the default certificate.
    Await.until(() -> presents("unknown.example.com", fallback.cert()), Duration.ofSeconds(20));
    assertThat(TlsClient.get(httpsPort, "shop.example.com").certificate()).isEqualTo(shop.cert());
    assertThat(TlsClient.get(httpsPort, "bootstrap.example.net").certificate())
        .isEqualTo(BootstrapDataplane.CERTIFICATE.cert());
  }

  /** Whether an HTTPS request for {@code host} gets {@code cert} and a 200 from the backend. */
  private boolean served(String host, X509Certificate cert) {
    try {
      TlsClient.Answer a = TlsClient.get(httpsPort, host);
      return a.certificate().equals(cert) && a.status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a handshake for {@code host} gets {@code cert}. */
  private boolean presents(String host, X509Certificate cert) {
    return TlsClient.presents(httpsPort, host, cert);
  }

  /** The IngressClass, Service web with one endpoint (the echo server) and an Ingress with TLS. */
  private String shop(String host) {
    return INGRESS_CLASS
        + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: default}
        spec:
          ingressClassName: breakwater
          tls: [{hosts: [%s], secretName: shop-tls}]
          rules:
            - host: %s
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          ports: [{port: 80}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-0, namespace: default, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        ports: [{port: %d}]
        endpoints:
          - {addresses: [127.0.0.1], conditions: {ready: true}, targetRef: {kind: Pod, name: web-0}}
        """
            .formatted(host, host, echo.port());
  }

  private void write(String name, String text) throws IOException {
    TestManifests.replace(manifests, name, text);
  }
}
