package io.breakwater.dataplane.config;

/** TEMPORARY placeholder until the config branch lands. */
public record ConfigError(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
