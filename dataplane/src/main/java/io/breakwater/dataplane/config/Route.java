package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One Ingress-style rule.
 *
 * @param host exact host, {@code *.example.com} (exactly one more label), or {@code null} for any
 *     host
 * @param path an absolute path starting with {@code /}
 * @param pathType how {@code path} matches
 * @param backend the backend name requests go to
 * @param faults fault injection for this route, replacing the backend's; {@code null} = the
 *     backend's
 */
public record Route(String host, String path, PathType pathType, String backend, Faults faults) {

  public Route {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathType, "pathType");
    Objects.requireNonNull(backend, "backend");
  }

  /** A route without faults of its own. */
  public Route(String host, String path, PathType pathType, String backend) {
    this(host, path, pathType, backend, null);
  }
}
