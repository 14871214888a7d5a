package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import io.breakwater.dataplane.config.Texts;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routes and the default backend of our Ingresses, merged. Ingresses are added oldest first, so
 * when two rules match the same requests (same host, same path, same kind of match, counting {@code
 * ImplementationSpecific} as {@code Prefix} and ignoring a {@code Prefix} path's trailing slash, as
 * the dataplane does) the one added first, the older, applies and the other is reported; likewise
 * for {@code spec.defaultBackend}. Canary Ingresses ({@link Canary}) make no routes: added after
 * the others, each path of theirs adds a split entry to the route that serves the same requests.
 */
final class IngressRoutes {

  /** An accepted route, with the Ingress it came from. */
  record Entry(Route route, Ingress owner) {}

  /** A path's route, before the conflict rules, and the backend it names. */
  private record Candidate(Route route, ServiceBackend backend) {}

  private final SnapshotIndex index;
  private final TranslateOptions options;
  private final Problems problems;
  private final Map<String, Entry> byMatch = new LinkedHashMap<>();
  private final Map<String, String> fieldOf = new LinkedHashMap<>();
  private final Map<String, Ingress> canaryOf = new HashMap<>();
  private final Map<String, String> canaryFieldOf = new HashMap<>();
  private final Map<String, ServiceBackend> backends = new TreeMap<>();
  private final Map<String, Set<Ingress>> routing = new TreeMap<>();
  private String defaultBackend;
  private Ingress defaultOwner;

  /** The canary of the Ingress being added, {@code null} while adding a primary. */
  private Canary canary;

  IngressRoutes(SnapshotIndex index, TranslateOptions options, Problems problems) {
    this.index = index;
    this.options = options;
    this.problems = problems;
  }

  /** Adds an Ingress that makes routes; call oldest first, before any {@link #addCanary}. */
  void add(Ingress ingress) {
    canary = null;
    rules(ingress, true);
  }

  /**
   * Adds a canary Ingress: each of its paths joins the route a primary Ingress made for the same
   * requests, as a split entry; it makes no route and no default backend. Call after every {@link
   * #add}, oldest first.
   */
  void addCanary(Ingress ingress, Canary c) {
    canary = c;
    try {
      rules(ingress, false);
    } finally {
      canary = null;
    }
  }

  private void rules(Ingress ingress, boolean primary) {
    if (ingress.getSpec() == null) {
      return;
    }
    ObjectRef ref = ObjectRef.of(ingress);
    IngressBackend def = ingress.getSpec().getDefaultBackend();
    if (def != null && primary) {
      defaultBackend(ingress, ref, def);
    } else if (def != null) {
      problems.warning(ref, "spec.defaultBackend", "a canary has no default backend; ignored");
    }
    List<IngressRule> rules = ingress.getSpec().getRules();
    for (int i = 0; rules != null && i < rules.size(); i++) {
      rule(ingress, ref, rules.get(i), "spec.rules[" + i + "]");
    }
  }

  private void defaultBackend(Ingress ingress, ObjectRef ref, IngressBackend def) {
    String field = "spec.defaultBackend";
    if (defaultOwner != null) {
      problems.error(
          ref,
          field,
          "older Ingress "
              + ObjectRef.of(defaultOwner).namespacedName()
              + " sets the default backend too; ignored");
      return;
    }
    ServiceBackend b = backend(def, ingress, ref, field);
    if (b != null) {
      defaultBackend = b.name();
      defaultOwner = ingress;
      use(b, ingress);
    }
  }

  private void rule(Ingress ingress, ObjectRef ref, IngressRule rule, String field) {
    String host = rule.getHost() == null || rule.getHost().isEmpty() ? null : rule.getHost();
    if (host != null && !validHost(host, ref, field + ".host")) {
      return;
    }
    if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
      return;
    }
    List<HTTPIngressPath> paths = rule.getHttp().getPaths();
    for (int j = 0; j < paths.size(); j++) {
      path(ingress, ref, host, paths.get(j), field + ".http.paths[" + j + "]");
    }
  }

  private void path(Ingress ingress, ObjectRef ref, String host, HTTPIngressPath p, String field) {
    Candidate c = candidate(ingress, ref, host, p, field);
    if (c == null) {
      return;
    }
    String key = matchKey(c.route());
    if (canary != null) {
      joinAsCanary(ingress, ref, c, key, field);
      return;
    }
    Entry first = byMatch.get(key);
    if (first != null) {
      String where =
          first.owner() == ingress
              ? fieldOf.get(key) + " above"
              : fieldOf.get(key)
                  + " of older Ingress "
                  + ObjectRef.of(first.owner()).namespacedName();
      problems.error(ref, field, "matches the same requests as " + where + "; ignored");
      return;
    }
    byMatch.put(key, new Entry(c.route(), ingress));
    fieldOf.put(key, field);
    use(c.backend(), ingress);
  }

  /** A path's route and backend, or {@code null} when it has a problem (reported). */
  private Candidate candidate(
      Ingress ingress, ObjectRef ref, String host, HTTPIngressPath p, String field) {
    PathType type = pathType(p.getPathType());
    if (type == null) {
      problems.error(
          ref,
          field + ".pathType",
          Texts.quote(p.getPathType()) + " (expected: Exact, Prefix or ImplementationSpecific)");
      return null;
    }
    String path = p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath();
    if (p.getBackend() == null) {
      problems.error(ref, field + ".backend", "missing (expected: a service)");
      return null;
    }
    ServiceBackend b = backend(p.getBackend(), ingress, ref, field + ".backend");
    if (b == null) {
      return null;
    }
    Route route = new Route(host, path, type, b.name());
    for (ConfigError e : ConfigCheck.route(route)) {
      problems.error(ref, field + ".path", e.message() + "; the path is ignored");
      return null;
    }
    return new Candidate(route, b);
  }

  /**
   * A canary's path: its backend joins the split of the route a primary made for the same requests.
   * Canaries come after every primary, oldest first, so the oldest canary of a route wins.
   */
  private void joinAsCanary(Ingress ingress, ObjectRef ref, Candidate c, String key, String f) {
    Entry primary = byMatch.get(key);
    String what = describe(c.route());
    if (primary == null) {
      problems.warning(
          ref, f, "canary for " + what + ", which no non-canary Ingress serves; ignored");
      return;
    }
    Ingress taken = canaryOf.get(key);
    if (taken != null) {
      String where =
          taken == ingress
              ? canaryFieldOf.get(key) + " above"
              : "older canary Ingress " + ObjectRef.of(taken).namespacedName();
      problems.error(
          ref, f, "canary for " + what + ", which " + where + " splits already; ignored");
      return;
    }
    if (c.backend().name().equals(primary.route().backend())) {
      problems.error(
          ref,
          f + ".backend",
          "canary for "
              + what
              + " routes to "
              + c.backend().name()
              + ", the route's own backend (expected: another Service or port); ignored");
      return;
    }
    Route split = primary.route().withSplit(List.of(canary.to(c.backend().name())));
    List<ConfigError> errors = ConfigCheck.route(split);
    if (!errors.isEmpty()) {
      errors.forEach(e -> problems.error(ref, f, "canary: " + e.message() + "; ignored"));
      return;
    }
    byMatch.put(key, new Entry(split, primary.owner()));
    canaryOf.put(key, ingress);
    canaryFieldOf.put(key, f);
    use(c.backend(), ingress);
  }

  /** How problems name the requests a route matches. */
  private static String describe(Route r) {
    return (r.host() == null ? "any host" : "host " + r.host())
        + ", path "
        + r.path()
        + " ("
        + (r.pathType() == PathType.EXACT ? "Exact" : "Prefix")
        + ")";
  }

  /**
   * The Ingress API's path types; {@code ImplementationSpecific} (and an absent type, which
   * manifests may still have) is {@code Prefix}.
   */
  private static PathType pathType(String s) {
    if (s == null || s.equals("ImplementationSpecific") || s.equals("Prefix")) {
      return PathType.PREFIX;
    }
    return s.equals("Exact") ? PathType.EXACT : null;
  }

  private boolean validHost(String host, ObjectRef ref, String field) {
    List<ConfigError> errors = ConfigCheck.route(new Route(host, "/", PathType.PREFIX, "b"));
    if (!errors.isEmpty()) {
      problems.error(ref, field, errors.get(0).message() + "; the rule is ignored");
      return false;
    }
    return true;
  }

  private ServiceBackend backend(IngressBackend ib, Ingress ingress, ObjectRef ref, String field) {
    if (ib.getResource() != null) {
      problems.error(
          ref, field + ".resource", "resource backends are not supported (expected: a service)");
      return null;
    }
    if (ib.getService() == null) {
      problems.error(ref, field + ".service", "missing (expected: a service)");
      return null;
    }
    return ServiceBackends.resolve(
        ib.getService(), ref.namespace(), ref, field + ".service", index, options, problems);
  }

  private void use(ServiceBackend b, Ingress ingress) {
    backends.putIfAbsent(b.name(), b);
    routing.computeIfAbsent(b.name(), k -> new LinkedHashSet<>()).add(ingress);
  }

  /** The same key as the dataplane's duplicate-route check. */
  private static String matchKey(Route r) {
    String host = r.host() == null ? "" : r.host().toLowerCase(Locale.ROOT);
    String path = r.path();
    boolean prefix = r.pathType() != PathType.EXACT;
    if (prefix) {
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
    }
    return host + " " + (prefix ? "Prefix" : "Exact") + " " + path;
  }

  /** The accepted routes, sorted by host (any host last), path and path type. */
  List<Entry> entries() {
    List<Entry> out = new ArrayList<>(byMatch.values());
    out.sort(
        Comparator.comparing((Entry e) -> e.route().host() == null ? "\uffff" : e.route().host())
            .thenComparing(e -> e.route().path())
            .thenComparing(e -> e.route().pathType()));
    return out;
  }

  /** The default backend's name, or {@code null}. */
  String defaultBackend() {
    return defaultBackend;
  }

  /** Every backend a route or the default backend names, by name. */
  Map<String, ServiceBackend> backends() {
    return backends;
  }

  /** The Ingresses whose accepted routes or default backend name the backend, oldest first. */
  List<Ingress> routingTo(String backend) {
    return List.copyOf(routing.getOrDefault(backend, Set.of()));
  }
}
