package io.breakwater.controller.translate;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.annotation.AnnotationValues;
import io.breakwater.controller.translate.annotation.Annotations;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Faults;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates what the cluster holds into the dataplane's routes and backends: a pure function of
 * its arguments. The rules are those of docs/controller.md; in short:
 *
 * <ol>
 *   <li>pick our Ingresses ({@link IngressSelector});
 *   <li>merge their rules into one route table and one default backend, the oldest Ingress winning
 *       every conflict ({@link IngressRoutes}); canary Ingresses add split entries to those routes
 *       ({@link Canary});
 *   <li>give each Service port a route names a backend of its ready endpoints ({@link
 *       EndpointResolver}), configured by defaults, policies and annotations ({@link
 *       BackendBuilder});
 *   <li>give each route its Ingress's faults and traffic policy ({@link IngressPolicies});
 *   <li>check the TLS Secrets and the default certificate ({@link Certificates}) and the policies
 *       ({@link PolicyCatalog}).
 * </ol>
 *
 * <p>Nothing an object says can stop another object from being translated: each problem is reported
 * on its object and the rest goes on.
 */
public final class Translator {

  private Translator() {}

  /** The translation of a snapshot. Equal arguments give equal translations. */
  public static Translation translate(ClusterSnapshot snapshot, TranslateOptions options) {
    return translateIndexed(snapshot, options).translation();
  }

  /** A translation, and the Service port behind each of its backends, by backend name. */
  record Indexed(Translation translation, Map<String, ServiceBackend> backends) {}

  static Indexed translateIndexed(ClusterSnapshot snapshot, TranslateOptions options) {
    ConfigCheck.nextTranslation();
    Problems problems = new Problems();
    SnapshotIndex index = new SnapshotIndex(snapshot);
    List<Ingress> ours = IngressSelector.select(snapshot.ingresses(), index, options, problems);
    AnnotationReader annotations = new AnnotationReader(problems);
    ours.forEach(annotations::read);
    PolicyCatalog policies = new PolicyCatalog(snapshot, index, options, problems);

    IngressRoutes routes = new IngressRoutes(index, options, problems);
    List<Map.Entry<Ingress, Canary>> canaries = new ArrayList<>();
    for (Ingress i : ours) {
      Canary.Reading c = Canary.read(i, annotations.read(i).values(), problems);
      switch (c.role()) {
        case PRIMARY -> routes.add(i);
        case CANARY -> canaries.add(Map.entry(i, c.canary()));
        case IGNORED -> {}
      }
    }
    canaries.forEach(e -> routes.addCanary(e.getKey(), e.getValue()));

    BackendBuilder builder = new BackendBuilder(options, policies, annotations, problems);
    List<Backend> backends = new ArrayList<>();
    Map<String, Backend> byName = new HashMap<>();
    Set<String> withErrors = new LinkedHashSet<>();
    for (ServiceBackend b : routes.backends().values()) {
      Map<String, HostPort> servers = EndpointResolver.servers(b, index, options);
      BackendBuilder.Built built = builder.build(b, routes.routingTo(b.name()), servers);
      backends.add(built.backend());
      byName.put(b.name(), built.backend());
      if (built.withErrors()) {
        withErrors.add(b.name());
      }
    }

    IngressPolicies trafficPolicies = new IngressPolicies(annotations, problems);
    List<Route> table = new ArrayList<>();
    for (IngressRoutes.Entry e : routes.entries()) {
      Route r = e.route();
      Faults faults = routeFaults(annotations.read(e.owner()).values(), byName.get(r.backend()));
      if (faults != null) {
        r = new Route(r.host(), r.path(), r.pathType(), r.backend(), faults, r.split(), r.policy());
      }
      TrafficPolicy policy = trafficPolicies.of(e.owner());
      table.add(policy.isEmpty() ? r : r.withPolicy(policy));
    }

    List<Certificate> certificates = Certificates.collect(ours, index, problems);
    Certificate defaultCertificate =
        Certificates.defaultCertificate(options.defaultTlsCertificate(), index, problems);
    Set<ObjectRef> ingresses = new LinkedHashSet<>();
    ours.forEach(i -> ingresses.add(ObjectRef.of(i)));
    return new Indexed(
        new Translation(
            table,
            routes.defaultBackend(),
            backends,
            certificates,
            problems.sorted(),
            policies.acceptance(),
            ingresses,
            withErrors,
            defaultCertificate),
        Map.copyOf(routes.backends()));
  }

  /**
   * The faults of an Ingress's route: its own {@code fault-delay} and {@code fault-abort}, each
   * falling back to its backend's (which a route's faults would otherwise replace whole); {@code
   * null} when the Ingress sets neither.
   */
  private static Faults routeFaults(AnnotationValues ingress, Backend backend) {
    Faults.Delay delay = ingress.get(Annotations.FAULT_DELAY);
    Faults.Abort abort = ingress.get(Annotations.FAULT_ABORT);
    if (delay == null && abort == null) {
      return null;
    }
    Faults inherited = backend.policy().faults();
    return new Faults(
        delay != null ? delay : inherited == null ? null : inherited.delay(),
        abort != null ? abort : inherited == null ? null : inherited.abort());
  }
}
