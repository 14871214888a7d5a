package io.breakwater.dataplane.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Runtime API client over a JDK {@link SocketChannel}, Unix socket or TCP: what {@code echo "show
 * stat" | socat stdio unix:/path} does, and an interactive session. Every read is bounded by a
 * deadline.
 */
final class CliClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final SocketChannel channel;
  private final Selector selector;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean eof;

  private CliClient(SocketAddress address) throws IOException {
    channel =
        address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    channel.connect(address);
    channel.configureBlocking(false);
    selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
  }

  static CliClient connect(SocketAddress address) throws IOException {
    return new CliClient(address);
  }

  /**
   * Sends {@code input}, closes the sending side, and returns everything until the server closes.
   */
  static String oneShot(SocketAddress address, String input) throws IOException {
    try (CliClient c = connect(address)) {
      c.send(input);
      c.channel.shutdownOutput();
      return c.readToEnd();
    }
  }

  /** This end's address: what the server sees as its peer. */
  SocketAddress localAddress() throws IOException {
    return channel.getLocalAddress();
  }

  CliClient send(String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      channel.write(b);
    }
    return this;
  }

  CliClient send(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (b.hasRemaining()) {
      if (channel.write(b) == 0) {
        if (eof || System.nanoTime() > deadline) {
          throw new IOException("the server stopped reading");
        }
        readSome(1); // the server may be answering already; keep its side flowing
      }
    }
    return this;
  }

  /**
   * Reads until the received text ends with {@code suffix}, and returns it all (then clears it).
   */
  String readUntil(String suffix) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!text().endsWith(suffix)) {
      if (eof) {
        throw new IOException("closed before \"" + suffix + "\"; got: " + text());
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new IOException("no \"" + suffix + "\" within " + TIMEOUT + "; got: " + text());
      }
      readSome(left);
    }
    return take();
  }

  /** Reads until the server closes, and returns what came. */
  String readToEnd() throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!eof) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new IOException("not closed within " + TIMEOUT + "; got: " + text());
      }
      readSome(left);
    }
    return take();
  }

  boolean closedByServer() throws IOException {
    readToEnd();
    return eof;
  }

  private void readSome(long timeoutMillis) throws IOException {
    if (selector.select(Math.max(1, timeoutMillis)) == 0) {
      return;
    }
    selector.selectedKeys().clear();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException reset) {
      eof = true;
      return;
    }
    if (n < 0) {
      eof = true;
    } else {
      received.write(buf.array(), 0, n);
    }
  }

  private String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  private String take() {
    String t = text();
    received.reset();
    return t;
  }

  @Override
  public void close() throws IOException {
    selector.close();
    channel.close();
  }
}
