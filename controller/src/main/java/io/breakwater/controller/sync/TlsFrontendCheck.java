package io.breakwater.controller.sync;

import io.breakwater.controller.translate.Translation;
import io.breakwater.dataplane.config.Config;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says once that certificates have nowhere to go: the bootstrap owns the listeners, so when no
 * frontend has a {@code tls} block, the hosts of Ingress TLS Secrets are served over plain HTTP
 * only. Says it again only after a TLS frontend has come and gone. Not thread-safe: the sync thread
 * alone uses it.
 */
final class TlsFrontendCheck {
  private boolean told;

  /** The warning to log now, or {@code null}. */
  String check(Config running, Translation t) {
    boolean wanted = !t.certificates().isEmpty() || t.defaultCertificate() != null;
    boolean tlsFrontend = running.frontends().stream().anyMatch(f -> f.tls() != null);
    if (tlsFrontend) {
      told = false;
      return null;
    }
    if (!wanted || told) {
      return null;
    }
    told = true;
    Set<String> hosts = new TreeSet<>();
    t.certificates().forEach(c -> hosts.addAll(c.hosts()));
    int secrets = t.certificates().size() + (t.defaultCertificate() != null ? 1 : 0);
    return "no frontend has a tls block, so the certificates of "
        + secrets
        + (secrets == 1 ? " Secret are" : " Secrets are")
        + " not used and "
        + (hosts.isEmpty()
            ? "their hosts are"
            : String.join(", ", hosts) + (hosts.size() == 1 ? " is" : " are"))
        + " served over plain HTTP only; give the dataplane's bootstrap config a frontend with"
        + " tls (docs/tls.md)";
  }
}
