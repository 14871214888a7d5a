package io.breakwater.dataplane.config;

import java.util.List;

/** TEMPORARY placeholder until the config branch lands. */
public final class ConfigValidator {
  private ConfigValidator() {}

  public static List<ConfigError> validate(Config c) {
    return List.of();
  }
}
