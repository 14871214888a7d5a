package io.breakwater.controller.sync;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.Certificate;
import io.breakwater.controller.translate.Translation;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.config.Tls;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The config the dataplane should run: what it runs now, with the controller's parts replaced by a
 * translation's. A pure function.
 *
 * <p>Who owns what:
 *
 * <ul>
 *   <li>the dataplane's own (bootstrap) config owns {@code global}, {@code defaults}, the
 *       frontends' names, listeners and timeouts, and the backends whose names have no {@code /}:
 *       the controller never names a backend so ({@code namespace/service/port});
 *   <li>the controller owns every frontend's routes, and every backend with a {@code /}. Ingress
 *       routes are served on every frontend of the bootstrap. A frontend's default backend is the
 *       translation's, or, when the Ingresses name none, the bootstrap's own if it names a
 *       bootstrap backend (say a fallback page), else none (404);
 *   <li>on frontends with a {@code tls} block, the bootstrap owns the TLS settings and its own
 *       certificates, the first of which is the default one; the controller adds the certificates
 *       of Ingress TLS Secrets after them, for SNI, and puts the {@code --default-tls-certificate}
 *       first when there is one. A frontend without {@code tls} stays plain HTTP.
 * </ul>
 *
 * <p>A backend that an invalid annotation or unusable policy affects ({@link
 * Translation#backendsWithErrors()}) keeps the settings it runs with, if it runs: only its servers
 * follow the cluster. So a typo in an annotation never turns a working policy off.
 */
public final class DesiredConfig {

  private DesiredConfig() {}

  /** Whether a backend is the controller's rather than the bootstrap config's. */
  public static boolean controllerOwned(String backendName) {
    return backendName.indexOf('/') >= 0;
  }

  /**
   * {@code running} with the controller's routes, backends and certificates replaced by {@code
   * t}'s; everything else of each frontend (listener, timeouts, TLS settings, ...) is kept.
   */
  public static Config of(Config running, Translation t) {
    List<Backend> backends = new ArrayList<>();
    Set<String> bootstrapBackends = new LinkedHashSet<>();
    for (Backend b : running.backends()) {
      if (!controllerOwned(b.name())) {
        backends.add(b);
        bootstrapBackends.add(b.name());
      }
    }
    for (Backend b : t.backends()) {
      if (bootstrapBackends.contains(b.name())) {
        continue; // cannot happen with names from translation; the bootstrap's wins
      }
      // Looked up only for the (few) backends with errors: a scan per backend is O(n²).
      Backend lastGood =
          t.backendsWithErrors().contains(b.name()) ? running.backend(b.name()) : null;
      if (lastGood != null) {
        backends.add(lastGood.withServers(checkedLike(b.servers(), lastGood)));
      } else {
        backends.add(b);
      }
    }
    List<Frontend> frontends = new ArrayList<>();
    for (Frontend f : running.frontends()) {
      String defaultBackend = t.defaultBackend();
      if (defaultBackend == null
          && f.defaultBackend() != null
          && bootstrapBackends.contains(f.defaultBackend())) {
        defaultBackend = f.defaultBackend();
      }
      frontends.add(
          new Frontend(
              f.name(),
              f.listen(),
              defaultBackend,
              t.routes(),
              f.timeouts(),
              f.proxyProtocol(),
              f.trustedProxies(),
              f.requestId(),
              f.policy(),
              f.tls() == null ? null : tls(f.tls(), t),
              f.http2()));
    }
    return new Config(running.global(), running.defaults(), frontends, backends);
  }

  /**
   * A TLS frontend's certificates: the default certificate (when the translation has one), the
   * bootstrap's own, then the Secrets' ones, each Secret once. The controller's certificates in the
   * running config ({@link Certificate#fromController}) are replaced, never kept.
   */
  private static Tls tls(Tls running, Translation t) {
    List<Tls.Certificate> certificates = new ArrayList<>();
    Set<ObjectRef> added = new HashSet<>();
    Certificate d = t.defaultCertificate();
    if (d != null) {
      certificates.add(d.toConfig());
      added.add(d.secret());
    }
    for (Tls.Certificate c : running.certificates()) {
      if (!Certificate.fromController(c)) {
        certificates.add(c);
      }
    }
    for (Certificate c : t.certificates()) {
      if (added.add(c.secret())) {
        certificates.add(c.toConfig());
      }
    }
    return new Tls(certificates, running.protocols(), running.ciphers());
  }

  /** The servers, each checked as {@code backend} checks its servers. */
  private static List<Server> checkedLike(List<Server> servers, Backend backend) {
    List<Server> out = new ArrayList<>(servers.size());
    for (Server s : servers) {
      out.add(s.withHealthCheck(backend.policy().healthCheck()));
    }
    return out;
  }
}
