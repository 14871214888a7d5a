package io.breakwater.dataplane.runtime;

/**
 * A command refused with a message for the client (HAProxy's wording where HAProxy has the
 * command); nothing was changed. Thrown by command handlers, printed by {@link Commands}.
 */
final class CliError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliError(String message) {
    super(message, null, false, false);
  }

  static CliError usage(String usage) {
    return new CliError("Usage: " + usage);
  }
}
