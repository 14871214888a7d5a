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
 * @param audited how many of its words the audit log shows: {@link #NOT_AUDITED} for commands that
 *     change nothing but the connection, {@link #ALL_WORDS}, or fewer for a command whose next
 *     words are a document (the log gives the document's size instead)
 */
record Command(List<String> key, AccessLevel level, List<Help> help, Handler handler, int audited) {
  /** Read-only commands and those that change only their own connection. */
  static final int NOT_AUDITED = 0;

  /** State-changing commands whose words are all safe and short enough to log. */
  static final int ALL_WORDS = Integer.MAX_VALUE;

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

  /** A command that changes no state of the dataplane (not audited). */
  static Command of(String key, AccessLevel level, Handler handler, Help... help) {
    return new Command(List.of(key.split(" ")), level, List.of(help), handler, NOT_AUDITED);
  }

  /** A state-changing command, audited with all its words. */
  static Command change(String key, AccessLevel level, Handler handler, Help... help) {
    return change(key, level, ALL_WORDS, handler, help);
  }

  /** A state-changing command, audited with its first {@code shownWords} words. */
  static Command change(
      String key, AccessLevel level, int shownWords, Handler handler, Help... help) {
    return new Command(List.of(key.split(" ")), level, List.of(help), handler, shownWords);
  }

  boolean isAudited() {
    return audited != NOT_AUDITED;
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
