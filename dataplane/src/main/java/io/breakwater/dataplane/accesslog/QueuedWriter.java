package io.breakwater.dataplane.accesslog;

import io.breakwater.dataplane.config.AccessLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing {@link AccessLogWriter}: producers offer to a {@link BoundedMpscQueue}; one daemon
 * thread polls it, formats each record into a reused {@link StringBuilder}, and collects the UTF-8
 * lines in a {@value #BUFFER_BYTES}-byte buffer that it writes to the sink when full and whenever
 * the queue runs empty. Counting lines per buffer lets {@link #written} and {@link #failed} be
 * exact even when the sink fails.
 *
 * <p>Batching: waking a parked thread is a system call, and so is each write to the sink; doing
 * both for every line cost a fifth of the proxy's throughput in {@code make bench}. So the thread
 * sleeps {@value #PARK_MILLIS} ms at a time once the queue is empty, and a producer wakes it early
 * only when the lines waiting reach a quarter of the queue ({@link #wakeThreshold}) or the writer
 * is closing. A line thus reaches the sink within about {@value #PARK_MILLIS} ms, and a burst never
 * fills the queue before the writer hears of it.
 *
 * <p>Waking: the thread publishes how many lines it has taken ({@code taken}) and sets {@code
 * parked} before it checks the queue one last time and parks; a producer reads {@code parked} after
 * publishing its line. Both sides use volatile accesses (the queue's sequence numbers included), so
 * a producer that crosses the threshold either sees {@code parked} or its line is seen by the final
 * check.
 */
final class QueuedWriter implements AccessLogWriter {
  /** Bytes collected before the sink is written to. */
  static final int BUFFER_BYTES = 64 * 1024;

  /** Longest sleep of the writer thread: how late a line may reach the sink. */
  static final long PARK_MILLIS = 50;

  private static final Logger log = LoggerFactory.getLogger(QueuedWriter.class);

  private final BoundedMpscQueue<AccessRecord> queue;
  private final LineFormat format;
  private final OutputStream sink;
  private final boolean closeSink;
  private final Thread thread;
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final long wakeThreshold;
  private volatile long taken; // lines the writer had taken from the queue when it last parked
  private volatile boolean parked;
  private volatile boolean closing;
  private volatile boolean abandoned; // close gave up waiting: count the rest as failed, fast

  // Writer thread only.
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private char[] chars = new char[512];
  private int buffered;
  private int bufferedLines;
  private boolean failing;

  private QueuedWriter(OutputStream sink, boolean closeSink, LineFormat format, int capacity) {
    this.queue = new BoundedMpscQueue<>(capacity);
    this.wakeThreshold = Math.max(1, capacity / 4);
    this.format = format;
    this.sink = sink;
    this.closeSink = closeSink;
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * Starts a writer to {@code sink}.
   *
   * @param closeSink whether {@link #close} closes the sink (not for stdout)
   */
  static QueuedWriter start(
      OutputStream sink, boolean closeSink, AccessLog.Format format, int capacity) {
    QueuedWriter w = new QueuedWriter(sink, closeSink, LineFormat.of(format), capacity);
    w.thread.start();
    return w;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean log(AccessRecord r) {
    long pos = closing ? -1 : queue.offer(r);
    if (pos < 0) {
      dropped.increment();
      return false;
    }
    if (parked && pos + 1 - taken >= wakeThreshold) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  @Override
  public long written() {
    return written.get();
  }

  @Override
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    close(CLOSE_TIMEOUT_MILLIS);
  }

  /** {@link #close()} with another bound, for tests. */
  void close(long timeoutMillis) {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeoutMillis);
      if (thread.isAlive()) {
        log.warn(
            "access log: the sink took more than {} ms to take the last lines; giving up on them",
            timeoutMillis);
        abandoned = true;
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    StringBuilder line = new StringBuilder(512);
    try {
      while (true) {
        AccessRecord r = queue.poll();
        if (r != null) {
          append(r, line);
          continue;
        }
        writeOut(true);
        if (closing) {
          // A producer that saw closing == false may still publish after this: drain once more.
          for (AccessRecord late; (late = queue.poll()) != null; ) {
            append(late, line);
          }
          writeOut(true);
          return;
        }
        taken = queue.taken();
        parked = true;
        if (queue.isEmpty() && !closing) {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PARK_MILLIS));
        }
        parked = false;
      }
    } finally {
      if (closeSink) {
        try {
          sink.close();
        } catch (IOException e) {
          log.warn("access log: closing the file failed", e);
        }
      }
    }
  }

  private void append(AccessRecord r, StringBuilder line) {
    line.setLength(0);
    try {
      format.append(r, line);
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      log.warn("access log: could not format {}", r, e);
      return;
    }
    line.append('\n');
    if (appendAscii(line)) {
      bufferedLines++;
      return;
    }
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    if (buffered + bytes.length > buffer.length) {
      writeOut(false);
    }
    if (bytes.length > buffer.length) {
      write(bytes, bytes.length, 1, false); // a line longer than the buffer goes alone
      return;
    }
    System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
    buffered += bytes.length;
    bufferedLines++;
  }

  /**
   * Copies an all-ASCII line into the buffer byte for byte, with no String or byte[] made for it
   * (nearly every line: both formats escape what a client sends). False, with the buffer as it was,
   * when the line has another character or does not fit an empty buffer; the caller then encodes it
   * as UTF-8.
   */
  private boolean appendAscii(StringBuilder line) {
    int n = line.length();
    if (n > buffer.length) {
      return false;
    }
    if (buffered + n > buffer.length) {
      writeOut(false);
    }
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    line.getChars(0, n, chars, 0); // in bulk, then a plain array loop
    char[] from = chars;
    byte[] to = buffer;
    int at = buffered;
    for (int i = 0; i < n; i++) {
      char c = from[i];
      if (c >= 0x80) {
        return false;
      }
      to[at++] = (byte) c;
    }
    buffered = at;
    return true;
  }

  private void writeOut(boolean flush) {
    if (buffered > 0 || flush) {
      write(buffer, buffered, bufferedLines, flush);
      buffered = 0;
      bufferedLines = 0;
    }
  }

  private void write(byte[] bytes, int length, int lines, boolean flush) {
    if (abandoned) {
      failed.addAndGet(lines);
      return;
    }
    try {
      if (length > 0) {
        sink.write(bytes, 0, length);
      }
      if (flush) {
        sink.flush();
      }
      if (sink instanceof PrintStream ps && ps.checkError()) {
        throw new IOException("the stream reported an error");
      }
      written.addAndGet(lines);
      if (failing) {
        failing = false;
        log.info("access log: writing again");
      }
    } catch (IOException e) {
      failed.addAndGet(lines);
      if (!failing) {
        failing = true;
        log.warn("access log: writing failed; lines are lost until it works again", e);
      }
    }
  }
}
