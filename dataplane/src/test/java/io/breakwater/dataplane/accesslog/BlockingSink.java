package io.breakwater.dataplane.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink that holds its first write until {@link #release()}: a disk or pipe that stopped taking
 * data. Interrupting the blocked writer ends the write with an {@link InterruptedIOException}.
 */
final class BlockingSink extends OutputStream {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile boolean closed;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    entered.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      throw new InterruptedIOException("interrupted while blocked");
    }
    synchronized (bytes) {
      bytes.write(b, off, len);
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Waits (bounded) until the writer is blocked in a write. */
  void awaitBlocked() throws InterruptedException {
    if (!entered.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the writer never wrote");
    }
  }

  void release() {
    released.countDown();
  }

  boolean closed() {
    return closed;
  }

  List<String> lines() {
    String s;
    synchronized (bytes) {
      s = bytes.toString(StandardCharsets.UTF_8);
    }
    return s.lines().toList();
  }
}
