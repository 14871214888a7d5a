package io.breakwater.dataplane.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made at test time (no private key is ever committed), with their keys as
 * PEM in each format a frontend accepts.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /**
   * A certificate and its key.
   *
   * @param certPem the certificate as PEM
   * @param pkcs8Pem the key as {@code BEGIN PRIVATE KEY}
   * @param traditionalPem the key as {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}
   */
  public record Issued(
      X509Certificate cert, String certPem, String pkcs8Pem, String traditionalPem) {}

  private TestCertificates() {}

  /**
   * An RSA-2048 certificate for {@code names}: DNS SANs, IP SANs for IPv4 literals; the first is
   * also the CN.
   */
  public static Issued rsa(String... names) {
    return issue("RSA", "SHA256withRSA", names);
  }

  /** An ECDSA P-256 certificate for {@code names}. */
  public static Issued ec(String... names) {
    return issue("EC", "SHA256withECDSA", names);
  }

  private static Issued issue(String keyAlg, String sigAlg, String... names) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlg);
      if (keyAlg.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(2048);
      }
      KeyPair kp = g.generateKeyPair();
      X500Name subject = new X500Name("CN=" + names[0]);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(1, ChronoUnit.HOURS)),
              Date.from(now.plus(1, ChronoUnit.DAYS)),
              subject,
              kp.getPublic());
      GeneralName[] sans = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        boolean ip = names[i].matches("[0-9.]+");
        sans[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
      return new Issued(
          cert,
          pem(cert),
          pem(new JcaPKCS8Generator(kp.getPrivate(), null)),
          keyAlg.equals("EC") ? sec1((ECPrivateKey) kp.getPrivate()) : pem(kp.getPrivate()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SEC1 with the named curve inside, as openssl writes it (the JDK's encoding leaves it out). */
  private static String sec1(ECPrivateKey key) throws IOException {
    ASN1Encodable curve =
        PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
    byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), curve).getEncoded();
    return "-----BEGIN EC PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END EC PRIVATE KEY-----\n";
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
