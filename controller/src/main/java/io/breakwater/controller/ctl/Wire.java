package io.breakwater.controller.ctl;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the Runtime API, Unix or TCP alike: a non-blocking {@link SocketChannel} with a
 * {@link Selector}, so that connecting, reading and writing each give up after the timeout. (A
 * Unix-domain channel has no {@code SO_TIMEOUT} and no {@link java.net.Socket} view, so one
 * non-blocking code path serves both families.) Not thread-safe.
 */
final class Wire implements Closeable {
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final long timeoutNanos;
  private final String target;

  private Wire(SocketChannel channel, Selector selector, long timeoutNanos, String target)
      throws IOException {
    this.channel = channel;
    this.selector = selector;
    this.key = channel.register(selector, 0);
    this.timeoutNanos = timeoutNanos;
    this.target = target;
  }

  /**
   * Connects within {@code timeoutNanos}.
   *
   * @param target how messages name the address, e.g. {@code unix socket /run/x.sock}
   * @throws CannotConnectException naming the target and the reason
   */
  static Wire connect(SocketAddress address, long timeoutNanos, String target)
      throws CannotConnectException {
    SocketChannel channel = null;
    Selector selector = null;
    try {
      channel =
          address instanceof UnixDomainSocketAddress
              ? SocketChannel.open(StandardProtocolFamily.UNIX)
              : SocketChannel.open();
      channel.configureBlocking(false);
      selector = Selector.open();
      Wire wire = new Wire(channel, selector, timeoutNanos, target);
      if (!channel.connect(address)) {
        wire.await(SelectionKey.OP_CONNECT, "connecting");
        channel.finishConnect();
      }
      return wire;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      closeQuietly(selector);
      throw new CannotConnectException("cannot connect to " + target + ": " + reason(e), e);
    }
  }

  /** Writes all of {@code bytes}. */
  void write(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      if (channel.write(bytes) == 0) {
        await(SelectionKey.OP_WRITE, "sending");
      }
    }
  }

  /**
   * Reads what is there, waiting up to the timeout for at least one byte.
   *
   * @return bytes read, or -1 when the server closed the connection
   * @throws SocketTimeoutException when nothing came within the timeout
   */
  int read(ByteBuffer into) throws IOException {
    int n;
    while ((n = channel.read(into)) == 0) {
      await(SelectionKey.OP_READ, "waiting for the answer");
    }
    return n;
  }

  /** Reads what is there without waiting: bytes read, 0, or -1 when the server closed. */
  int readNow(ByteBuffer into) throws IOException {
    return channel.read(into);
  }

  String target() {
    return target;
  }

  @Override
  public void close() {
    closeQuietly(selector);
    closeQuietly(channel);
  }

  private void await(int op, String doing) throws IOException {
    key.interestOps(op);
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException(
              "no progress from "
                  + target
                  + " while "
                  + doing
                  + " for "
                  + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                  + " ms");
        }
        if (selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) > 0) {
          selector.selectedKeys().clear();
          return;
        }
      }
    } finally {
      key.interestOps(0);
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing left to do with it
      }
    }
  }
}
