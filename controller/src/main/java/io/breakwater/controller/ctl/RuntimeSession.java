package io.breakwater.controller.ctl;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Runtime API connection in prompt mode, for many commands: it sends {@code prompt} once, then
 * each command, and reads each answer up to its empty line (the server's {@code "> "} prompts are
 * taken off). {@link #close} sends {@code quit}. Not thread-safe.
 */
public final class RuntimeSession implements Closeable {
  private final Wire wire;
  private final AnswerReader reader;
  private boolean closed;

  private RuntimeSession(Wire wire) {
    this.wire = wire;
    this.reader = new AnswerReader(wire);
  }

  static RuntimeSession open(Wire wire) throws IOException {
    RuntimeSession s = new RuntimeSession(wire);
    try {
      s.write("prompt\n");
      if (s.reader.read(false, false) == null) {
        throw new EOFException(wire.target() + " closed the connection instead of prompting");
      }
      return s;
    } catch (IOException e) {
      wire.close();
      throw e;
    }
  }

  /**
   * Sends one command line and returns the answer as {@link RuntimeClient#send(String)} does.
   *
   * @throws EOFException when the server closed the session before answering
   */
  public String send(String command) throws IOException {
    return exchange(Framing.line(command), Framing.count(command), false);
  }

  /** Sends a command with a payload, as {@link RuntimeClient#send(String, String)} does. */
  public String send(String command, String payload) throws IOException {
    return exchange(Framing.withPayload(command, payload), Framing.count(command), true);
  }

  /**
   * Whether the session can still carry a command: false after {@link #close}, after the server
   * closed it (its idle timeout, {@code quit}), or after an answer failed to come.
   */
  public boolean isOpen() {
    try {
      return !closed && !reader.closedByPeer();
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends {@code quit} if the session is still open, and closes the connection. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        write("quit\n");
      } catch (IOException ignored) {
        // it is closing anyway
      }
      wire.close();
    }
  }

  private String exchange(String text, int answers, boolean payload) throws IOException {
    if (closed) {
      throw new IOException("the session to " + wire.target() + " is closed");
    }
    try {
      write(text);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < answers; i++) {
        AnswerReader.Answer a = reader.read(true, payload && i == 0);
        if (a == null) {
          if (i == 0) {
            throw new EOFException(wire.target() + " closed the session without answering");
          }
          break;
        }
        if (i > 0) {
          out.append('\n');
        }
        out.append(a.text());
        if (!a.complete()) {
          break;
        }
      }
      return out.toString();
    } catch (IOException e) {
      // The framing is lost (a late answer would be read as the next one's): no more commands.
      closed = true;
      wire.close();
      throw e;
    }
  }

  private void write(String text) throws IOException {
    wire.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }
}
