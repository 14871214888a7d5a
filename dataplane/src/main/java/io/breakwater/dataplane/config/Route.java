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
 */
public record Route(String host, String path, PathType pathType, String backend) {

  public Route {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathType, "pathType");
    Objects.requireNonNull(backend, "backend");
  }
}
