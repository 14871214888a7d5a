package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One problem found in a configuration, located by its path in the document.
 *
 * <p>Paths use dots between keys and {@code [index]} for list elements, exactly as a reader would
 * navigate the YAML: {@code backends[1].servers[0].address}. A top-level key is its own name
 * ({@code global}). The empty path stands for the document as a whole (a syntax error, a top level
 * that is not a map).
 *
 * @param path where the problem is; empty for the whole document
 * @param message what is wrong and, where it applies, what was expected
 */
public record ConfigError(String path, String message) {

  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code path: message}, or just the message for the whole document. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
