package io.breakwater.dataplane.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * PEM certificate chains and unencrypted private keys, read with the JDK alone. Keys may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}); the
 * last two are wrapped into PKCS#8 here, since the JDK reads only that. Every failure is an {@link
 * IllegalArgumentException} whose message says what was expected.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  // DER of the algorithm identifiers PKCS#8 wraps around PKCS#1 and SEC1 keys.
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Pem() {}

  /** The certificates of a PEM chain, in order; at least one. */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          byte[] der = decode(m.group(2));
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("invalid certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no certificate (expected: PEM BEGIN CERTIFICATE blocks)");
    }
    return out;
  }

  /** The first private key of a PEM text. */
  public static PrivateKey privateKey(String pem) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(decode(m.group(2)));
        case "RSA PRIVATE KEY":
          return pkcs8(wrap(RSA_ALGORITHM, decode(m.group(2))));
        case "EC PRIVATE KEY":
          byte[] sec1 = decode(m.group(2));
          return pkcs8(wrap(der(0x30, concat(EC_PUBLIC_KEY_OID, curveOid(sec1))), sec1));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(
              "the key is encrypted (expected: an unencrypted PKCS#8, PKCS#1 or SEC1 key)");
        default:
          // EC PARAMETERS and the like, which openssl writes before the key: skipped
      }
    }
    throw new IllegalArgumentException(
        "no private key (expected: PEM BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  /** Whether the key signs what the certificate's public key verifies. */
  public static boolean matches(PrivateKey key, X509Certificate cert) {
    PublicKey pub = cert.getPublicKey();
    String alg = pub.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "breakwater".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The DNS names a certificate is for, lower-cased: its SANs, or its common name when it has none.
   * SNI picks certificates by these names.
   */
  public static List<String> names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            out.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SANs: fall back to the CN
    }
    if (out.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            out.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
          }
        }
      } catch (InvalidNameException e) {
        // no names: served only as the default
      }
    }
    return out;
  }

  private static PrivateKey pkcs8(byte[] der) {
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("invalid private key (expected: an RSA or EC key)");
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid base64 in a PEM block", e);
    }
  }

  /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the key as an octet string. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, key)));
  }

  /**
   * The named curve of a SEC1 ECPrivateKey ({@code SEQUENCE { INTEGER 1, OCTET STRING, [0] OID, ...
   * }}), as DER.
   */
  private static byte[] curveOid(byte[] sec1) {
    try {
      int[] pos = {0};
      expect(sec1, pos, 0x30);
      length(sec1, pos);
      while (pos[0] < sec1.length) {
        int tag = sec1[pos[0]++] & 0xff;
        int len = length(sec1, pos);
        if (tag == 0xa0) {
          int start = pos[0];
          if ((sec1[start] & 0xff) != 0x06) {
            break;
          }
          byte[] oid = new byte[len];
          System.arraycopy(sec1, start, oid, 0, len);
          return oid;
        }
        pos[0] += len;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      // falls through
    }
    throw new IllegalArgumentException(
        "EC key without a named curve (expected: SEC1 with [0] OID)");
  }

  private static void expect(byte[] b, int[] pos, int tag) {
    if ((b[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("invalid EC private key");
    }
  }

  private static int length(byte[] b, int[] pos) {
    int first = b[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int len = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      len = (len << 8) | (b[pos[0]++] & 0xff);
    }
    return len;
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
