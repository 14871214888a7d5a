package io.breakwater.dataplane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.breakwater.dataplane.config.BackendTls;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.Tls;
import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a backend's client context: errors at their paths, and when a context is reused. */
class UpstreamTlsTest {
  private static final Issued CA = TestCertificates.rsa("backend.test");
  private static final Issued CLIENT = TestCertificates.ec("client.test");

  @TempDir Path dir;

  private static List<String> errors(BackendTls tls) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> UpstreamTls.build(tls, List.of(), "backends[2].tls"));
    assertThat(e).as("refused").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  private static BackendTls withCiphers(List<String> ciphers) {
    return new BackendTls(null, CA.certPem(), true, null, null, Tls.PROTOCOLS, ciphers);
  }

  @Test
  void everyProblemIsReportedAtItsPath() {
    Path missing = dir.resolve("client.key");
    BackendTls tls =
        new BackendTls(
            null,
            "no pem here",
            true,
            null,
            new Tls.Certificate(null, CLIENT.certPem(), missing.toString(), null),
            Tls.PROTOCOLS,
            List.of());
    assertThat(errors(tls))
        .containsExactly(
            "backends[2].tls.ca: no certificate (expected: PEM BEGIN CERTIFICATE blocks)",
            "backends[2].tls.clientCertificate.keyFile: " + missing + ": no such file");
  }

  @Test
  void anEncryptedClientKeyIsRefusedSayingSo() {
    BackendTls tls =
        new BackendTls(
            null,
            null,
            true,
            null,
            new Tls.Certificate(
                null,
                CLIENT.certPem(),
                null,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"),
            Tls.PROTOCOLS,
            List.of());
    assertThat(errors(tls)).singleElement().asString().contains("the key is encrypted");
  }

  @Test
  void cipherSuitesNoneOfWhichTheEngineSupportsAreRefused() {
    assertThat(errors(withCiphers(List.of("NOT_A_SUITE"))))
        .singleElement()
        .asString()
        .startsWith("backends[2].tls.ciphers: NOT_A_SUITE (expected: at least one cipher suite");
    assertThat(UpstreamTls.build(withCiphers(List.of("TLS_AES_128_GCM_SHA256")), List.of(), "p"))
        .isNotNull();
  }

  @Test
  void aContextIsCurrentUntilItsBlockAlpnOrFilesChange() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA.certPem());
    BackendTls config =
        new BackendTls(ca.toString(), null, true, "backend.test", null, Tls.PROTOCOLS, List.of());
    UpstreamTls tls = UpstreamTls.build(config, List.of(), "backends[0].tls");
    assertThat(tls.isCurrentFor(config, List.of())).isTrue();
    assertThat(tls.isCurrentFor(config, List.of("h2", "http/1.1"))).as("other ALPN").isFalse();
    BackendTls otherSni =
        new BackendTls(ca.toString(), null, true, "alt.test", null, Tls.PROTOCOLS, List.of());
    assertThat(tls.isCurrentFor(otherSni, List.of())).isFalse();
    Files.writeString(ca, CA.certPem() + CLIENT.certPem());
    Files.setLastModifiedTime(ca, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(tls.isCurrentFor(config, List.of())).as("the CA file changed").isFalse();
  }

  @Test
  void theNameAskedForIsSniElseTheServersHost() {
    UpstreamTls withSni =
        UpstreamTls.build(
            new BackendTls(
                null, CA.certPem(), true, "backend.test", null, Tls.PROTOCOLS, List.of()),
            List.of(),
            "p");
    UpstreamTls without = UpstreamTls.build(withCiphers(List.of()), List.of(), "p");
    assertThat(withSni.peerName("10.0.0.1")).isEqualTo("backend.test");
    assertThat(without.peerName("api.default.svc")).isEqualTo("api.default.svc");
    assertThat(without.peerName("10.0.0.1")).isEqualTo("10.0.0.1");
  }
}
