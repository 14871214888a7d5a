package io.breakwater.controller.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits what the Runtime API sends into answers. The framing is HAProxy's: every answer ends with
 * an empty line, and no answer contains one; in prompt mode the server then prints {@code "> "}
 * before it reads the next command, and {@code "+ "} while it reads a payload. Prompts are not
 * waited for: they are taken off the start of the next answer, so a server that does not print them
 * is read just as well.
 */
final class AnswerReader {
  static final String PROMPT = "> ";
  static final String PAYLOAD_PROMPT = "+ ";

  private final Wire wire;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip(); // empty, read mode
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean eof;
  private boolean terminated; // whether the last line read ended with \n

  AnswerReader(Wire wire) {
    this.wire = wire;
  }

  /**
   * One answer: its lines, each ending with {@code \n}, without the empty line that ended it.
   *
   * @param afterPrompt the session is in prompt mode: take {@code "> "} off the first line
   * @param afterPayload a payload was sent in prompt mode: take every {@code "+ "} off too
   * @return the answer, or null when the server closed before sending anything
   * @throws java.net.SocketTimeoutException when the server stops sending for the timeout
   */
  Answer read(boolean afterPrompt, boolean afterPayload) throws IOException {
    StringBuilder text = new StringBuilder();
    boolean first = true;
    while (true) {
      String l = readLine();
      if (first && l != null) {
        l = stripPrompts(l, afterPrompt, afterPayload);
        first = false;
      }
      if (l == null || (!terminated && l.isEmpty())) { // closed, perhaps after a last prompt
        return text.length() == 0 ? null : new Answer(text.toString(), false);
      }
      if (!terminated) {
        return new Answer(text.append(l).append('\n').toString(), false);
      }
      if (l.isEmpty()) {
        return new Answer(text.toString(), true);
      }
      text.append(l).append('\n');
    }
  }

  /**
   * Whether the server has closed the connection, found without waiting (e.g. after its idle
   * timeout). Bytes that arrived meanwhile stay for the next {@link #read}.
   */
  boolean closedByPeer() throws IOException {
    if (!eof) {
      buffer.compact(); // keeps what is unread (in prompt mode, at most a prompt)
      int n;
      do {
        n = wire.readNow(buffer);
      } while (n > 0 && buffer.hasRemaining());
      buffer.flip();
      eof = n < 0;
    }
    return eof;
  }

  private static String stripPrompts(String l, boolean afterPrompt, boolean afterPayload) {
    if (afterPrompt && l.startsWith(PROMPT)) {
      l = l.substring(PROMPT.length());
    }
    while (afterPayload && l.startsWith(PAYLOAD_PROMPT)) {
      l = l.substring(PAYLOAD_PROMPT.length());
    }
    return l;
  }

  /**
   * The next line without its {@code \n}, or the unterminated rest when the connection closed
   * ({@link #terminated} tells which), or null when nothing was left.
   */
  private String readLine() throws IOException {
    line.reset();
    while (true) {
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b == '\n') {
          terminated = true;
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      if (eof || !fill()) {
        terminated = false;
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private boolean fill() throws IOException {
    buffer.compact();
    int n = wire.read(buffer);
    buffer.flip();
    if (n < 0) {
      eof = true;
      return false;
    }
    return true;
  }

  /**
   * @param text the answer's lines, each ending with {@code \n}
   * @param complete true when it ended with its empty line, false when the connection closed first
   */
  record Answer(String text, boolean complete) {}
}
