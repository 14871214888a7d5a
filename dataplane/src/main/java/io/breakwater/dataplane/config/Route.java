package io.breakwater.dataplane.config;

import java.util.List;
import java.util.Objects;

/**
 * One Ingress-style rule.
 *
 * @param host exact host, {@code *.example.com} (exactly one more label), or {@code null} for any
 *     host
 * @param path an absolute path starting with {@code /}
 * @param pathType how {@code path} matches
 * @param backend the backend name requests go to (those the split does not take)
 * @param faults fault injection for this route, replacing the backend's; {@code null} = the
 *     backend's
 * @param split more backends, taking requests by header, cookie or weight; empty = none
 * @param policy the route's own traffic policy, over its frontend's
 */
public record Route(
    String host,
    String path,
    PathType pathType,
    String backend,
    Faults faults,
    List<SplitBackend> split,
    TrafficPolicy policy) {

  public Route {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathType, "pathType");
    Objects.requireNonNull(backend, "backend");
    split = List.copyOf(split);
    Objects.requireNonNull(policy, "policy");
  }

  /** A route without faults, split or policy of its own. */
  public Route(String host, String path, PathType pathType, String backend) {
    this(host, path, pathType, backend, null);
  }

  /** A route without split or policy of its own. */
  public Route(String host, String path, PathType pathType, String backend, Faults faults) {
    this(host, path, pathType, backend, faults, List.of(), TrafficPolicy.NONE);
  }

  /** This route with another policy. */
  public Route withPolicy(TrafficPolicy p) {
    return new Route(host, path, pathType, backend, faults, split, p);
  }

  /** This route with another split. */
  public Route withSplit(List<SplitBackend> s) {
    return new Route(host, path, pathType, backend, faults, s, policy);
  }
}
