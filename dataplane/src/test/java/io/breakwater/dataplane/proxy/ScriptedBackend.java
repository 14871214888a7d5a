package io.breakwater.dataplane.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback backend on plain sockets that answers each request head with whatever bytes the test
 * set last, verbatim, and keeps the connection open: for answers no well-behaved server would
 * write. One thread per connection; every read is bounded.
 */
final class ScriptedBackend implements AutoCloseable {
  private final ServerSocket socket;
  private volatile byte[] answer = new byte[0];
  private volatile boolean closeAfter;

  ScriptedBackend() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "scripted-" + socket.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  void answerWith(String raw) {
    answer = raw.getBytes(StandardCharsets.ISO_8859_1);
    closeAfter = false;
  }

  /** Answers with {@code raw}, then closes the connection. */
  void answerAndClose(String raw) {
    answer = raw.getBytes(StandardCharsets.ISO_8859_1);
    closeAfter = true;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "scripted-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (readHead(in)) {
        boolean close = closeAfter;
        out.write(answer);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // the proxy closed the connection, or the read timed out
    }
  }

  /** Reads up to the end of a request head; false at end of stream. */
  private static boolean readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
