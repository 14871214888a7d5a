package io.breakwater.dataplane.runtime;

/**
 * What {@link CliFramer} hands to the session: a command line with its payload, the error that ends
 * the connection, or the end of the client's input.
 *
 * @param line the command line, without its {@code <<} marker and line end
 * @param payload the lines after {@code <<} up to the terminator, each ending with {@code \n}; or
 *     {@code null} when the line took none
 * @param error a one-line message when the input broke a limit; then line and payload are null
 */
record CliInput(String line, String payload, String error) {

  /** The client will send nothing more, and everything it sent was handed on. */
  static final CliInput END = new CliInput(null, null, null);

  static CliInput line(String line) {
    return new CliInput(line, null, null);
  }

  static CliInput withPayload(String line, String payload) {
    return new CliInput(line, payload, null);
  }

  static CliInput error(String message) {
    return new CliInput(null, null, message);
  }
}
