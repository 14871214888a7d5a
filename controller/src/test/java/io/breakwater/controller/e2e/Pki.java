package io.breakwater.controller.e2e;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key material a test API server needs, made fresh for each start and written as PEM files: a
 * CA, a serving certificate it signs for 127.0.0.1 and localhost, and the RSA key pair that signs
 * ServiceAccount tokens. Nothing outlives the test run, so the certificates are valid for a day.
 */
final class Pki {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(1);

  private final X509Certificate ca;
  private final Path caFile;
  private final Path servingCertFile;
  private final Path servingKeyFile;
  private final Path serviceAccountKeyFile;
  private final Path serviceAccountPublicKeyFile;

  private Pki(
      X509Certificate ca,
      Path caFile,
      Path servingCertFile,
      Path servingKeyFile,
      Path serviceAccountKeyFile,
      Path serviceAccountPublicKeyFile) {
    this.ca = ca;
    this.caFile = caFile;
    this.servingCertFile = servingCertFile;
    this.servingKeyFile = servingKeyFile;
    this.serviceAccountKeyFile = serviceAccountKeyFile;
    this.serviceAccountPublicKeyFile = serviceAccountPublicKeyFile;
  }

  /** Generates everything and writes it into {@code dir}. */
  static Pki create(Path dir) throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    // Backdated a little: the server's and this JVM's clocks are the same, but rounding is not.
    Date from = Date.from(now.minus(Duration.ofMinutes(5)));
    Date to = Date.from(now.plus(VALIDITY));

    KeyPair caKeys = ecKeyPair();
    X500Name caName = new X500Name("CN=breakwater-e2e-ca");
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder caBuilder =
        new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                ext.createSubjectKeyIdentifier(caKeys.getPublic()));
    X509Certificate ca = sign(caBuilder, caKeys);

    KeyPair servingKeys = ecKeyPair();
    X509v3CertificateBuilder servingBuilder =
        new JcaX509v3CertificateBuilder(
                ca, serial(), from, to, new X500Name("CN=kube-apiserver"), servingKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                    new GeneralName[] {
                      new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                      new GeneralName(GeneralName.dNSName, "localhost"),
                      new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")
                    }))
            .addExtension(
                Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
    X509Certificate serving = sign(servingBuilder, caKeys);

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048, RANDOM);
    KeyPair serviceAccountKeys = rsa.generateKeyPair();

    return new Pki(
        ca,
        write(dir.resolve("ca.crt"), pem("CERTIFICATE", ca.getEncoded())),
        write(dir.resolve("serving.crt"), pem("CERTIFICATE", serving.getEncoded())),
        write(
            dir.resolve("serving.key"), pem("PRIVATE KEY", servingKeys.getPrivate().getEncoded())),
        write(
            dir.resolve("service-account.key"),
            pem("PRIVATE KEY", serviceAccountKeys.getPrivate().getEncoded())),
        write(
            dir.resolve("service-account.pub"),
            pem("PUBLIC KEY", serviceAccountKeys.getPublic().getEncoded())));
  }

  Path caFile() {
    return caFile;
  }

  Path servingCertFile() {
    return servingCertFile;
  }

  Path servingKeyFile() {
    return servingKeyFile;
  }

  Path serviceAccountKeyFile() {
    return serviceAccountKeyFile;
  }

  Path serviceAccountPublicKeyFile() {
    return serviceAccountPublicKeyFile;
  }

  /** The CA certificate as PEM, for a fabric8 {@code caCertData} (which wants it Base64'd). */
  String caPem() {
    try {
      return pem("CERTIFICATE", ca.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context that trusts this CA alone. */
  SSLContext sslContext() throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), RANDOM);
    return context;
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256, RANDOM);
    return ec.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.US_ASCII);
  }
}
