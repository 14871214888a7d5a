package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.Tls;
import java.util.List;
import java.util.Objects;

/**
 * A certificate to serve, from a {@code kubernetes.io/tls} Secret that Ingresses name in {@code
 * spec.tls} or that {@code --default-tls-certificate} names. Translation has checked it as the
 * dataplane will (the PEM parses, the key matches the certificate), so adding it to a frontend
 * never makes the dataplane refuse a config.
 *
 * @param secret the Secret
 * @param hosts the hosts the Ingresses list for it, sorted; empty when no entry lists any (or for
 *     the default certificate)
 * @param names the DNS names of the certificate (its SANs, else its common name), lower-cased: the
 *     names SNI serves it for
 * @param certPem {@code tls.crt}: the certificate chain, PEM
 * @param keyPem {@code tls.key}: the private key, PEM
 */
public record Certificate(
    ObjectRef secret, List<String> hosts, List<String> names, String certPem, String keyPem) {

  /**
   * The first line of the inline {@code cert} of every certificate the controller puts into a
   * frontend, followed by the Secret's {@code namespace/name}. PEM readers skip text outside the
   * {@code BEGIN}/{@code END} lines (RFC 7468), so the dataplane serves the certificate as is, and
   * the controller tells its certificates from the bootstrap's in the config it reads back.
   */
  public static final String MARKER = "breakwater-controller: Secret ";

  public Certificate {
    Objects.requireNonNull(secret, "secret");
    hosts = List.copyOf(hosts);
    names = List.copyOf(names);
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
  }

  /** This certificate as a frontend's inline certificate, marked as the controller's. */
  public Tls.Certificate toConfig() {
    return new Tls.Certificate(
        null, MARKER + secret.namespacedName() + "\n" + certPem, null, keyPem);
  }

  /** Whether a frontend's certificate is one the controller put there ({@link #toConfig()}). */
  public static boolean fromController(Tls.Certificate c) {
    return c.cert() != null && c.cert().startsWith(MARKER);
  }

  /** No key material: records print in logs and test failures. */
  @Override
  public String toString() {
    return "Certificate[secret=" + secret + ", hosts=" + hosts + ", names=" + names + "]";
  }
}
