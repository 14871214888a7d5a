package io.breakwater.controller.ctl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines from a terminal, with line editing and an in-memory history (up and down arrows, Ctrl-R);
 * Ctrl-C clears the line, Ctrl-D ends the session. Answers are printed through {@link #writer()} so
 * that they and the prompt share the terminal.
 */
final class JLineInput implements LineInput, Closeable {
  private final Terminal terminal;
  private final LineReader reader;

  private JLineInput(Terminal terminal) {
    this.terminal = terminal;
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("breakwater ctl")
            // '!' is text in Runtime API commands, not a history reference.
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
  }

  /** The process's terminal. */
  static JLineInput system() throws IOException {
    return new JLineInput(TerminalBuilder.builder().system(true).build());
  }

  /** A dumb terminal over streams, for tests. */
  static JLineInput over(InputStream in, OutputStream out) throws IOException {
    return new JLineInput(
        TerminalBuilder.builder().system(false).streams(in, out).type(Terminal.TYPE_DUMB).build());
  }

  PrintWriter writer() {
    return terminal.writer();
  }

  @Override
  public String readLine(String prompt) {
    while (true) {
      try {
        return reader.readLine(prompt);
      } catch (UserInterruptException e) {
        // Ctrl-C: drop the line being typed, as shells do
      } catch (EndOfFileException e) {
        return null;
      }
    }
  }

  @Override
  public String readPayloadLine(String prompt) {
    reader.variable(LineReader.DISABLE_HISTORY, true);
    try {
      return readLine(prompt);
    } finally {
      reader.variable(LineReader.DISABLE_HISTORY, false);
    }
  }

  @Override
  public void close() throws IOException {
    terminal.close();
  }
}
