package io.breakwater.dataplane.config;

import java.util.List;

/**
 * TLS termination on a frontend.
 *
 * @param certificates the certificates served; SNI picks one by the names in its SANs, and the
 *     first is served when the client names none or a name no certificate has
 * @param protocols enabled protocol versions, e.g. {@code TLSv1.2}, {@code TLSv1.3}
 * @param ciphers enabled cipher suites (IANA or OpenSSL names); empty means the engine's defaults
 */
public record Tls(List<Certificate> certificates, List<String> protocols, List<String> ciphers) {

  /** The protocol versions a frontend may enable. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

  public Tls {
    certificates = List.copyOf(certificates);
    protocols = List.copyOf(protocols);
    ciphers = List.copyOf(ciphers);
  }

  /**
   * One certificate chain and its private key, each from a file or inline PEM (exactly one of the
   * two).
   *
   * @param certFile path of a PEM file: the leaf certificate first, then intermediates
   * @param cert the same PEM inline
   * @param keyFile path of a PEM private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted
   * @param key the same PEM inline
   */
  public record Certificate(String certFile, String cert, String keyFile, String key) {

    /** Inline PEM is long and secret: shown as its size, never its text. */
    @Override
    public String toString() {
      return "Certificate[certFile="
          + certFile
          + ", cert="
          + (cert == null ? null : cert.length() + " chars")
          + ", keyFile="
          + keyFile
          + ", key="
          + (key == null ? null : "(hidden)")
          + "]";
    }
  }
}
