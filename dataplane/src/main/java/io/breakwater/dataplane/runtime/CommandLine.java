package io.breakwater.dataplane.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One command of a line: its words, split on blanks, and the raw text behind each word, so that a
 * command can take "the rest of the line" verbatim (a JSON document with its spaces).
 */
final class CommandLine {
  private final String text;
  private final List<String> words;
  private final int[] starts;

  private CommandLine(String text, List<String> words, int[] starts) {
    this.text = text;
    this.words = words;
    this.starts = starts;
  }

  /**
   * Splits a line into its commands at each {@code ;}. {@code \;} stands for a {@code ;} inside a
   * command; every other backslash is kept as written, so that JSON escapes survive (HAProxy also
   * unescapes {@code \\} and blanks; Breakwater does not).
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
        current.append(';');
        i++;
      } else if (c == ';') {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  /** The words of one command. */
  static CommandLine parse(String command) {
    List<String> words = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int i = 0;
    int n = command.length();
    while (i < n) {
      while (i < n && isBlank(command.charAt(i))) {
        i++;
      }
      if (i == n) {
        break;
      }
      int start = i;
      while (i < n && !isBlank(command.charAt(i))) {
        i++;
      }
      words.add(command.substring(start, i));
      starts.add(start);
    }
    int[] s = new int[starts.size()];
    for (int k = 0; k < s.length; k++) {
      s[k] = starts.get(k);
    }
    return new CommandLine(command, List.copyOf(words), s);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  int size() {
    return words.size();
  }

  boolean isEmpty() {
    return words.isEmpty();
  }

  /** The word at {@code i}, or {@code null} past the end. */
  String word(int i) {
    return i < words.size() ? words.get(i) : null;
  }

  List<String> words() {
    return words;
  }

  /** The raw text from word {@code i} to the end, trimmed; empty past the end. */
  String rest(int i) {
    return i < words.size() ? text.substring(starts[i]).strip() : "";
  }

  /** The command as typed, trimmed. */
  String text() {
    return text.strip();
  }
}
