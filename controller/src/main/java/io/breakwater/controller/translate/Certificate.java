package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import java.util.List;
import java.util.Objects;

/**
 * A certificate to serve, from a {@code kubernetes.io/tls} Secret that Ingresses name in {@code
 * spec.tls}. The dataplane does not serve TLS yet, so the sync does not apply these; they are
 * translated and checked so that the day it does, nothing else changes.
 *
 * @param secret the Secret
 * @param hosts the hosts the Ingresses list for it, sorted; empty when an entry lists none (a
 *     default certificate)
 * @param certPem {@code tls.crt}: the certificate chain, PEM
 * @param keyPem {@code tls.key}: the private key, PEM
 */
public record Certificate(ObjectRef secret, List<String> hosts, String certPem, String keyPem) {

  public Certificate {
    Objects.requireNonNull(secret, "secret");
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
  }

  /** No key material: records print in logs and test failures. */
  @Override
  public String toString() {
    return "Certificate[secret=" + secret + ", hosts=" + hosts + "]";
  }
}
