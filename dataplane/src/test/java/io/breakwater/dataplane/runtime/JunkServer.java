package io.breakwater.dataplane.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback server that answers every request with bytes that are not HTTP. */
final class JunkServer implements AutoCloseable {
  private final ServerSocket socket;

  JunkServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "junk-" + socket.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        // Up to the end of the request head.
        int state = 0;
        for (int c; state < 4 && (c = in.read()) >= 0; ) {
          state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
        s.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      } catch (IOException e) {
        // closed, or the proxy gave up: next connection
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
