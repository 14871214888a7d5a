package io.breakwater.dataplane.config;

import java.util.List;
import java.util.Objects;

/**
 * A whole dataplane configuration. Inheritance from {@code defaults} is already resolved: every
 * frontend and backend carries its effective values, so consumers never look at {@link #defaults()}
 * except to print or re-serialize the file.
 */
public record Config(
    Global global, Defaults defaults, List<Frontend> frontends, List<Backend> backends) {

  public Config {
    Objects.requireNonNull(global, "global");
    Objects.requireNonNull(defaults, "defaults");
    frontends = List.copyOf(frontends);
    backends = List.copyOf(backends);
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

  /** The frontend with this name, or {@code null}. */
  public Frontend frontend(String name) {
    for (Frontend f : frontends) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
