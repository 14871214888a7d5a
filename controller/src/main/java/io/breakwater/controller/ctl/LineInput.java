package io.breakwater.controller.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Where the interactive session's lines come from: a terminal (JLine) or a pipe. */
interface LineInput {

  /**
   * The next line, without its line break.
   *
   * @param prompt shown first when the input is a terminal
   * @return the line, or null at the end of the input (Ctrl-D)
   */
  String readLine(String prompt) throws IOException;

  /** A line of a payload: as {@link #readLine}, but not worth keeping in a history. */
  default String readPayloadLine(String prompt) throws IOException {
    return readLine(prompt);
  }

  /** Lines from a pipe or file: no prompt, no editing, no history. */
  static LineInput of(InputStream in) {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return prompt -> r.readLine();
  }
}
