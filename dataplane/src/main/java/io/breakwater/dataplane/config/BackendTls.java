package io.breakwater.dataplane.config;

import java.util.List;

/**
 * TLS from the proxy to a backend's servers (re-encryption).
 *
 * @param caFile path of a PEM bundle of the certificates that may sign the servers' certificates
 * @param ca the same PEM inline; with neither, the JDK's trust store
 * @param verify verify the server's chain against the CA and its name against {@code sni} (or the
 *     server's address when {@code sni} is not set); {@code false} verifies nothing
 * @param sni the server name sent in the handshake and verified; {@code null} sends the server's
 *     address when it is a DNS name, none when it is an IP address
 * @param clientCertificate the certificate presented when a server asks for one (mTLS); {@code
 *     null} = none
 * @param protocols enabled protocol versions, from {@link Tls#PROTOCOLS}
 * @param ciphers enabled cipher suites; empty means the engine's defaults
 */
public record BackendTls(
    String caFile,
    String ca,
    boolean verify,
    String sni,
    Tls.Certificate clientCertificate,
    List<String> protocols,
    List<String> ciphers) {

  /** Verified against the JDK's trust store, no SNI override, no client certificate. */
  public static final BackendTls DEFAULT =
      new BackendTls(null, null, true, null, null, Tls.PROTOCOLS, List.of());

  public BackendTls {
    protocols = List.copyOf(protocols);
    ciphers = List.copyOf(ciphers);
  }

  /** Inline PEM is shown as its size. */
  @Override
  public String toString() {
    return "BackendTls[caFile="
        + caFile
        + ", ca="
        + (ca == null ? null : ca.length() + " chars")
        + ", verify="
        + verify
        + ", sni="
        + sni
        + ", clientCertificate="
        + clientCertificate
        + ", protocols="
        + protocols
        + ", ciphers="
        + ciphers
        + "]";
  }
}
