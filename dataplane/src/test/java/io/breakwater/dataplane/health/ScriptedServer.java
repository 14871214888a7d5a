package io.breakwater.dataplane.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server on a plain {@link ServerSocket} that reads each request head and answers with
 * fixed bytes, then closes (or resets) the connection: for answers no well-behaved HTTP server
 * would write.
 */
final class ScriptedServer implements AutoCloseable {
  private final ServerSocket socket;
  private final byte[] answer;
  private final boolean reset;
  private final Thread thread;

  private ScriptedServer(String answer, boolean reset) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
    this.reset = reset;
    this.thread = new Thread(this::serve, "scripted-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** Answers with {@code answer}, then closes normally. */
  static ScriptedServer answering(String answer) throws IOException {
    return new ScriptedServer(answer, false);
  }

  /** Reads the request, then resets the connection without answering. */
  static ScriptedServer resetting() throws IOException {
    return new ScriptedServer("", true);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(10_000);
        readHead(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(answer);
        out.flush();
        if (reset) {
          s.setSoLinger(true, 0);
        }
      } catch (IOException e) {
        // closed, or the client gave up: next connection
      }
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    thread.join(10_000);
  }
}
