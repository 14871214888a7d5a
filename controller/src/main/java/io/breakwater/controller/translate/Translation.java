package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Frontend;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Timeouts;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a snapshot translates to. Every list and set is sorted, so equal inputs give equal
 * translations and a diff of two translations is a diff of what changed.
 *
 * @param routes the routes of the HTTP frontend, by host, path and path type
 * @param defaultBackend the backend of requests no route matches; {@code null} = 404
 * @param backends one per Service port that a route or the default backend names, by name ({@code
 *     namespace/service/port}); each passes {@code ConfigValidator} in a config with the routes
 * @param certificates the certificates of the Secrets our Ingresses name in {@code spec.tls}, each
 *     checked, oldest Ingress first: the sync adds them to every TLS frontend for SNI
 * @param problems what is wrong with which object, sorted by object
 * @param policies the Accepted condition of every CircuitBreaker and RetryPolicy in a watched
 *     namespace
 * @param ingresses the Ingresses this controller serves (whose status the leader writes), problems
 *     or not
 * @param backendsWithErrors backends affected by an invalid annotation or a policy an annotation
 *     names but that cannot be used. Translation has no memory, so here such a value is simply left
 *     out; keeping the backend's last good settings instead is the sync loop's job, which knows
 *     what it applied before.
 * @param defaultCertificate the certificate of {@link TranslateOptions#defaultTlsCertificate()},
 *     checked; {@code null} when there is none or it is not usable
 */
public record Translation(
    List<Route> routes,
    String defaultBackend,
    List<Backend> backends,
    List<Certificate> certificates,
    List<Problem> problems,
    Map<ObjectRef, PolicyAcceptance> policies,
    Set<ObjectRef> ingresses,
    Set<String> backendsWithErrors,
    Certificate defaultCertificate) {

  public Translation {
    routes = List.copyOf(routes);
    backends = List.copyOf(backends);
    certificates = List.copyOf(certificates);
    problems = List.copyOf(problems);
    // Sorted views, so that copying another translation's is linear, not a sort.
    policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
    ingresses = Collections.unmodifiableSortedSet(new TreeSet<>(ingresses));
    backendsWithErrors = Collections.unmodifiableSortedSet(new TreeSet<>(backendsWithErrors));
  }

  /** A translation without a default certificate. */
  public Translation(
      List<Route> routes,
      String defaultBackend,
      List<Backend> backends,
      List<Certificate> certificates,
      List<Problem> problems,
      Map<ObjectRef, PolicyAcceptance> policies,
      Set<ObjectRef> ingresses,
      Set<String> backendsWithErrors) {
    this(
        routes,
        defaultBackend,
        backends,
        certificates,
        problems,
        policies,
        ingresses,
        backendsWithErrors,
        null);
  }

  /** The frontend that serves these routes, as the sync puts it into the dataplane's config. */
  public Frontend frontend(String name, HostPort listen, Timeouts timeouts) {
    return new Frontend(name, listen, defaultBackend, routes, timeouts);
  }

  /** The backend with this name, or {@code null}. */
  public Backend backend(String name) {
    for (Backend b : backends) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    return null;
  }
}
