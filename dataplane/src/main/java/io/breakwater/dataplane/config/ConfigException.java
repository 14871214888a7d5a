package io.breakwater.dataplane.config;

import java.util.List;

/**
 * A configuration was rejected; {@link #errors()} holds every problem found, not just the first.
 *
 * <p>Unchecked on purpose: a bad configuration is not something the code between the entry point
 * (the CLI, the Runtime API, the controller's apply) and the loader can recover from, so only the
 * entry point catches it and prints or returns {@link #errors()}.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final transient List<ConfigError> errors;

  /**
   * @param sourceName where the configuration came from (a file name, {@code "runtime api"}, ...)
   * @param errors at least one error
   */
  public ConfigException(String sourceName, List<ConfigError> errors) {
    super(describe(sourceName, errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: [] (expected: at least one)");
    }
    this.sourceName = sourceName;
    this.errors = List.copyOf(errors);
  }

  /** Where the configuration came from, as given to the constructor. */
  public String sourceName() {
    return sourceName;
  }

  /** Every problem, in document order as far as it is known. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(String sourceName, List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder();
    sb.append(sourceName)
        .append(": ")
        .append(errors.size())
        .append(errors.size() == 1 ? " error" : " errors");
    for (ConfigError e : errors) {
      sb.append("\n  ").append(e);
    }
    return sb.toString();
  }
}
