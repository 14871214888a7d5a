package io.breakwater.controller.ctl;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The interactive session: reads a line, sends it over a {@link RuntimeSession}, prints the answer,
 * until {@code quit} or the end of the input.
 *
 * <ul>
 *   <li>A line ending with {@code <<} starts a payload: the following lines (prompt {@code + }) up
 *       to an empty line are sent with it.
 *   <li>Blank lines are skipped; {@code prompt} is not sent, since it would take the session out of
 *       the prompt mode this loop reads answers in.
 *   <li>When the server has closed the session meanwhile (its idle timeout, HAProxy's {@code stats
 *       timeout}), the next command reconnects first. When an answer fails (timeout, reset), the
 *       error is printed and the next command reconnects.
 * </ul>
 *
 * Exit status: 0 at {@code quit} or the end of the input, 2 when the server cannot be reached.
 */
final class Shell {
  static final String PROMPT = "> ";
  static final String PAYLOAD_PROMPT = "+ ";
  private static final String PAYLOAD_MARK = "<<";

  private final RuntimeClient client;
  private final LineInput in;
  private final PrintWriter out;
  private final PrintWriter err;

  Shell(RuntimeClient client, LineInput in, PrintWriter out, PrintWriter err) {
    this.client = client;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  int run() throws IOException {
    RuntimeSession session = null;
    try {
      session = client.openSession();
      while (true) {
        String line = in.readLine(PROMPT);
        if (line == null || line.strip().equals("quit")) {
          return 0;
        }
        String command = line.strip();
        if (command.isEmpty()) {
          continue;
        }
        if (command.equals("prompt") || command.startsWith("prompt ")) {
          err.println("ctl: not sent; this session stays in prompt mode");
          err.flush();
          continue;
        }
        String payload = null;
        if (command.endsWith(PAYLOAD_MARK)) {
          command = command.substring(0, command.length() - PAYLOAD_MARK.length()).strip();
          payload = readPayload();
        }
        if (!session.isOpen()) {
          err.println("ctl: the session ended; reconnecting to " + client.target());
          err.flush();
          session = client.openSession();
        }
        try {
          String answer = payload == null ? session.send(command) : session.send(command, payload);
          out.print(answer);
          out.flush();
        } catch (IOException e) {
          err.println("ctl: " + e.getMessage());
          err.flush();
        }
      }
    } catch (CannotConnectException e) {
      err.println("breakwater ctl: " + e.getMessage());
      err.flush();
      return 2;
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  private String readPayload() throws IOException {
    StringBuilder payload = new StringBuilder();
    for (String l; (l = in.readPayloadLine(PAYLOAD_PROMPT)) != null && !l.isEmpty(); ) {
      payload.append(l).append('\n');
    }
    return payload.toString();
  }
}
