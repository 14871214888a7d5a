package io.breakwater.dataplane.runtime;

/**
 * A {@code <backend>/<server>} argument. Breakwater's backend names contain slashes ({@code
 * namespace/service/port}), so the server name is what follows the last one.
 */
record ServerRef(String backend, String server) {

  /**
   * @throws CliError {@code Require 'backend/server'.} (HAProxy's text) when there is no slash
   */
  static ServerRef parse(String word) {
    int slash = word == null ? -1 : word.lastIndexOf('/');
    if (slash <= 0 || slash == word.length() - 1) {
      throw new CliError("Require 'backend/server'.");
    }
    return new ServerRef(word.substring(0, slash), word.substring(slash + 1));
  }

  @Override
  public String toString() {
    return backend + "/" + server;
  }
}
