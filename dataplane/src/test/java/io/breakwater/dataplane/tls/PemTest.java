package io.breakwater.dataplane.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.testing.TestCertificates;
import io.breakwater.dataplane.testing.TestCertificates.Issued;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;

class PemTest {
  private static final Issued RSA = TestCertificates.rsa("a.example.com", "*.b.example.com");
  private static final Issued EC = TestCertificates.ec("ec.example.com");

  @Test
  void readsPkcs8AndPkcs1RsaKeysThatMatchTheirCertificate() {
    assertThat(RSA.traditionalPem()).contains("BEGIN RSA PRIVATE KEY");
    for (String pem : new String[] {RSA.pkcs8Pem(), RSA.traditionalPem()}) {
      PrivateKey key = Pem.privateKey(pem);
      assertThat(key.getAlgorithm()).isEqualTo("RSA");
      assertThat(Pem.matches(key, RSA.cert())).isTrue();
    }
  }

  @Test
  void readsPkcs8AndSec1EcKeysThatMatchTheirCertificate() {
    assertThat(EC.traditionalPem()).contains("BEGIN EC PRIVATE KEY");
    for (String pem : new String[] {EC.pkcs8Pem(), EC.traditionalPem()}) {
      PrivateKey key = Pem.privateKey(pem);
      assertThat(key.getAlgorithm()).isEqualTo("EC");
      assertThat(Pem.matches(key, EC.cert())).isTrue();
    }
  }

  @Test
  void aKeyOfAnotherCertificateDoesNotMatch() {
    assertThat(Pem.matches(Pem.privateKey(EC.pkcs8Pem()), RSA.cert())).isFalse();
    Issued other = TestCertificates.rsa("other.example.com");
    assertThat(Pem.matches(Pem.privateKey(other.pkcs8Pem()), RSA.cert())).isFalse();
  }

  @Test
  void readsAChainInOrder() {
    assertThat(Pem.certificates(RSA.certPem() + EC.certPem()))
        .containsExactly(RSA.cert(), EC.cert());
  }

  @Test
  void namesComeFromTheSans() {
    assertThat(TlsContexts.names(RSA.cert())).containsExactly("a.example.com", "*.b.example.com");
  }

  @Test
  void refusesWhatIsNotAKeyOrACertificateWithWhatWasExpected() {
    assertThatThrownBy(() -> Pem.privateKey(RSA.certPem()))
        .hasMessageContaining("no private key (expected: PEM BEGIN PRIVATE KEY");
    assertThatThrownBy(() -> Pem.certificates(RSA.pkcs8Pem()))
        .hasMessageContaining("no certificate (expected: PEM BEGIN CERTIFICATE");
    assertThatThrownBy(
            () ->
                Pem.privateKey(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE"
                        + " KEY-----\n"))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(
            () -> Pem.privateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("invalid private key");
  }
}
