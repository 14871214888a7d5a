package io.breakwater.dataplane.config;

import java.util.List;

/** TEMPORARY placeholder until the config branch lands. */
public class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.toString());
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
