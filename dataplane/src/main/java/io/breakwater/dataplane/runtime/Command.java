package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.config.AccessLevel;
import java.util.List;

/**
 * A command of the Runtime API.
 *
 * @param key the words that select it, {@code *} matching any one word: {@code set server}, {@code
 *     show servers state}
 * @param level the least access level that may run it; a handler may ask more for some of its forms
 *     ({@link Invocation#require})
 * @param help one line per form, for {@code help}
 * @param handler runs it and returns its output (without the closing empty line)
 */
record Command(List<String> key, AccessLevel level, List<Help> help, Handler handler) {

  /** Runs a command. */
  @FunctionalInterface
  interface Handler {
    /**
     * @return the output, each line ending with {@code \n}; empty when there is nothing to say
     * @throws CliError with the message for the client when the command is refused
     */
    String run(Invocation inv);
  }

  /**
   * One line of {@code help}.
   *
   * @param usage the syntax, e.g. {@code show stat [json]}
   * @param level the least level of this form
   * @param description what it does, a few words
   */
  record Help(String usage, AccessLevel level, String description) {}

  static Command of(String key, AccessLevel level, Handler handler, Help... help) {
    return new Command(List.of(key.split(" ")), level, List.of(help), handler);
  }

  static Help help(String usage, AccessLevel level, String description) {
    return new Help(usage, level, description);
  }

  /** Whether the command line starts with this key. */
  boolean matches(CommandLine line) {
    if (line.size() < key.size()) {
      return false;
    }
    for (int i = 0; i < key.size(); i++) {
      if (!key.get(i).equals("*") && !key.get(i).equals(line.word(i))) {
        return false;
      }
    }
    return true;
  }
}
