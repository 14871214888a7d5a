package io.breakwater.controller.ctl;

/**
 * What goes on the wire for a command line, per HAProxy's stats-socket protocol: the line ends with
 * {@code \n}; several commands may share it, separated by {@code ;} ({@code \;} is a literal
 * semicolon, {@code \\} a backslash); a payload follows a line ending with {@code " <<"} and ends
 * with an empty line, which is why a payload cannot contain one.
 */
final class Framing {
  private Framing() {}

  /** {@code command} and its newline. */
  static String line(String command) {
    return checked(command) + "\n";
  }

  /**
   * {@code command <<}, the payload's lines, and the empty line that ends them. Line breaks may be
   * {@code \n} or {@code \r\n}; trailing ones are dropped, since the empty line is added here.
   *
   * @throws IllegalArgumentException when the payload has an empty line inside: the server would
   *     take it for the end
   */
  static String withPayload(String command, String payload) {
    String body = payload.replace("\r\n", "\n");
    int end = body.length();
    while (end > 0 && body.charAt(end - 1) == '\n') {
      end--;
    }
    body = body.substring(0, end);
    // One scan, no copy of each line: a payload can be a config of many megabytes. The body ends
    // with no line break, so one is always followed by another line.
    for (int start = 0, line = 1; start < body.length(); line++) {
      int lineEnd = body.indexOf('\n', start);
      if (lineEnd == start) {
        throw new IllegalArgumentException(
            "payload: line "
                + line
                + " is empty (expected: no empty line; an empty line ends the payload)");
      }
      if (lineEnd < 0) {
        break;
      }
      start = lineEnd + 1;
    }
    return checked(command) + " <<\n" + (body.isEmpty() ? "" : body + "\n") + "\n";
  }

  /**
   * How many commands share the line, i.e. how many answers come back: the non-blank parts between
   * unescaped semicolons, at least one.
   */
  static int count(String command) {
    int n = 0;
    boolean blank = true;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\\') {
        i++;
        blank = false;
      } else if (c == ';') {
        n += blank ? 0 : 1;
        blank = true;
      } else if (!Character.isWhitespace(c)) {
        blank = false;
      }
    }
    n += blank ? 0 : 1;
    return Math.max(1, n);
  }

  private static String checked(String command) {
    if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "command: has a line break (expected: one line; send more lines as a payload)");
    }
    if (command.isBlank()) {
      throw new IllegalArgumentException("command: empty (expected: a Runtime API command)");
    }
    return command;
  }
}
