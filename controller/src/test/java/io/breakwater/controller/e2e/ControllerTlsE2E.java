package io.breakwater.controller.e2e;

import static io.breakwater.controller.testing.TestManifests.INGRESS_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.controller.extension.ControllerExtensions;
import io.breakwater.controller.extension.ExtensionOptions;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.source.KubernetesSource;
import io.breakwater.controller.sync.RuntimeApiTarget;
import io.breakwater.controller.sync.SyncLoop;
import io.breakwater.controller.testing.BootstrapDataplane;
import io.breakwater.controller.testing.GeneratedCertificates;
import io.breakwater.controller.testing.TlsClient;
import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from a Secret with SNI against the real API server: the controller, wired as {@code
 * breakwater controller} wires it with the controller's identity and the chart's RBAC, reads an
 * Ingress's {@code spec.tls} Secret and the {@code --default-tls-certificate} Secret (in a
 * namespace it does not otherwise watch), and gives their certificates to the TLS frontend of an
 * in-process dataplane. HTTPS requests with SNI get the Secret's certificate and the echo backend's
 * answer; a Secret updated in place reaches the dataplane. Backends listen on this machine's first
 * non-loopback IPv4 address, as in {@link ControllerTrafficE2E}.
 */
@ExtendWith(KubeApiServerExtension.class)
@Timeout(180)
class ControllerTlsE2E {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final KubeApi kube;
  private final String ns;
  private final String defaultsNs;
  private String address;
  private EchoServer echo;
  private KubernetesClient client;
  private ControllerExtensions extensions;
  private BootstrapDataplane bootstrap;
  private SyncLoop loop;
  private int httpsPort;

  ControllerTlsE2E(KubeApi kube) {
    this.kube = kube;
    this.ns = kube.createNamespace("tls");
    this.defaultsNs = kube.createNamespace("tls-default");
  }

  @BeforeEach
  void start() throws IOException {
    address = ControllerTrafficE2E.localAddress().getHostAddress();
    echo = EchoServer.start(new InetSocketAddress(address, 0), "e0");
    bootstrap = BootstrapDataplane.tls(dir);
    httpsPort = bootstrap.httpsPort();
    // As ControllerCommand with --watch-namespace NS --default-tls-certificate
    // TLS-DEFAULT/fallback.
    TranslateOptions options =
        TranslateOptions.DEFAULT
            .withWatchNamespaces(Set.of(ns))
            .withDefaultTlsCertificate(new ObjectRef("Secret", defaultsNs, "fallback"));
    client = new KubernetesClientBuilder().withConfig(kube.controller().getConfiguration()).build();
    extensions = ControllerExtensions.create(client, ExtensionOptions.NONE);
    loop =
        new SyncLoop(
            new KubernetesSource(
                client,
                options.watchNamespaces(),
                options.endpointsMode(),
                options.defaultTlsCertificate()),
            new RuntimeApiTarget(RuntimeClient.unix(bootstrap.socket())),
            options,
            extensions.listener(),
            SyncLoop.Settings.DEFAULT.withPacing(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    if (extensions != null) {
      extensions.close();
    }
    if (client != null) {
      client.close();
    }
    // ControllerRbacE2E expects no Ingress in the cluster.
    kube.admin().network().v1().ingresses().inNamespace(ns).delete();
    if (bootstrap != null) {
      bootstrap.close();
    }
    if (echo != null) {
      echo.close();
    }
  }

  @Test
  void tlsFromASecretWithSni() {
    Issued shop = TestCertificates.ec("shop.example.com");
    apply(
        ns,
        INGRESS_CLASS
            + ingress("shop", "shop.example.com", "shop-tls")
            + TrafficRig.service("shop")
            + slice());
    apply(ns, GeneratedCertificates.secret(ns, "shop-tls", shop));
    loop.start();

    Await.until(
        "shop.example.com over HTTPS with the Secret's certificate, answered by e0",
        BOUND,
        () -> answered("shop.example.com", shop.cert()));
    // A Secret whose key does not match its certificate: an Event on the Ingress naming it, the
    // certificate left out, and shop.example.com still served with its own.
    Issued other = TestCertificates.ec("bad.example.com");
    apply(
        ns,
        ingress("bad", "bad.example.com", "bad-tls")
            + GeneratedCertificates.secret(
                ns,
                "bad-tls",
                new Issued(other.cert(), other.certPem(), shop.pkcs8Pem(), shop.traditionalPem())));
    Await.until(
        "a NotApplied Event on Ingress bad saying the key does not match",
        BOUND,
        () ->
            kube.admin().v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(
                    e ->
                        "NotApplied".equals(e.getReason())
                            && "bad".equals(e.getInvolvedObject().getName())
                            && e.getMessage() != null
                            && e.getMessage().contains("does not match the certificate")));
    assertThat(answered("shop.example.com", shop.cert())).isTrue();
    assertThat(presents("bad.example.com", BootstrapDataplane.CERTIFICATE.cert())).isTrue();

    // No SNI match and no default certificate Secret yet: the bootstrap's certificate.
    Await.until(
        "other names get the bootstrap's certificate",
        BOUND,
        () -> presents("unknown.example.com", BootstrapDataplane.CERTIFICATE.cert()));

    // The Secret is rotated in place.
    Issued rotated = TestCertificates.ec("shop.example.com");
    apply(ns, GeneratedCertificates.secret(ns, "shop-tls", rotated));
    Await.until(
        "the rotated certificate is served",
        BOUND,
        () -> answered("shop.example.com", rotated.cert()));

    // --default-tls-certificate names a Secret no Ingress names, outside the watched namespace.
    Issued fallback = TestCertificates.rsa("fallback.example.org");
    apply(defaultsNs, GeneratedCertificates.secret(defaultsNs, "fallback", fallback));
    Await.until(
        "names no certificate has get the default certificate",
        BOUND,
        () -> presents("unknown.example.com", fallback.cert()));
    assertThat(presents("shop.example.com", rotated.cert())).isTrue();
  }

  private static String ingress(String name, String host, String secret) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s}
        spec:
          ingressClassName: breakwater
          tls: [{hosts: [%s], secretName: %s}]
          rules:
            - host: %s
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}
        """
        .formatted(name, host, secret, host);
  }

  private String slice() {
    return """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: shop-0, labels: {kubernetes.io/service-name: shop}}
        addressType: IPv4
        ports: [{port: %d}]
        endpoints:
          - {addresses: [%s], conditions: {ready: true}}
        """
        .formatted(echo.port(), address);
  }

  /** Whether an HTTPS request for {@code host} gets {@code cert} and e0's 200. */
  private boolean answered(String host, X509Certificate cert) {
    try {
      TlsClient.Answer a = TlsClient.get(httpsPort, host);
      return a.certificate().equals(cert) && a.status() == 200 && "e0".equals(a.server());
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a handshake for {@code host} gets {@code cert}. */
  private boolean presents(String host, X509Certificate cert) {
    return TlsClient.presents(httpsPort, host, cert);
  }

  /** Server-side applies the documents as the administrator, namespaced ones into {@code into}. */
  private void apply(String into, String yaml) {
    List<HasMetadata> objects =
        kube.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : objects) {
      if (!"IngressClass".equals(o.getKind())) {
        o.getMetadata().setNamespace(into);
      }
      kube.admin().resource(o).fieldManager("e2e").forceConflicts().serverSideApply();
    }
  }
}
