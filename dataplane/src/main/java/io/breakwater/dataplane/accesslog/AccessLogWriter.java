package io.breakwater.dataplane.accesslog;

import io.breakwater.dataplane.config.AccessLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where finished requests go. {@link #log} is called from event loops and never blocks nor does
 * I/O: it offers the record to a bounded queue of {@code buffer} records and returns false when the
 * queue is full. One daemon thread per writer formats queued records and writes them, flushing
 * whenever the queue runs empty.
 */
public interface AccessLogWriter extends AutoCloseable {

  /** The name of the writer thread. */
  String THREAD_NAME = "breakwater-accesslog";

  /** The longest {@link #close} waits for queued lines to reach a slow sink. */
  long CLOSE_TIMEOUT_MILLIS = 5_000;

  /**
   * Opens the configured log: a no-op writer for {@code target: off}; for {@code stdout}, a writer
   * to {@link System#out} that never closes it; for {@code file}, the file, created if missing and
   * appended to.
   *
   * @throws IOException when the file cannot be opened; the message names {@code
   *     global.accessLog.file}, the path and the reason, ready to become a config error
   * @throws IllegalArgumentException when the config is incomplete (no file for a file target, a
   *     buffer below 1)
   */
  static AccessLogWriter open(AccessLog config) throws IOException {
    if (config.target() == AccessLog.Target.OFF) {
      return DisabledWriter.INSTANCE;
    }
    if (config.buffer() <= 0) {
      throw new IllegalArgumentException(
          "global.accessLog.buffer: " + config.buffer() + " (expected: > 0)");
    }
    return switch (config.target()) {
      case STDOUT -> QueuedWriter.start(System.out, false, config.format(), config.buffer());
      case FILE ->
          QueuedWriter.start(openFile(config.file()), true, config.format(), config.buffer());
      case OFF -> throw new AssertionError("handled above");
    };
  }

  /** The writer of {@code target: off}: logs nothing. */
  static AccessLogWriter disabled() {
    return DisabledWriter.INSTANCE;
  }

  /** Whether records are written at all; a caller may skip building them when not. */
  boolean enabled();

  /**
   * Queues a record for writing, without blocking.
   *
   * @return false when the record was dropped: the queue was full, or the writer is closed
   */
  boolean log(AccessRecord r);

  /** Lines the sink accepted (counted when the buffer holding them was written out). */
  long written();

  /** Records refused by {@link #log} because the queue was full or the writer closed. */
  long dropped();

  /** Records accepted by {@link #log} but lost because writing them to the sink failed. */
  long failed();

  /**
   * Stops accepting records, writes what is queued (waiting at most {@value #CLOSE_TIMEOUT_MILLIS}
   * ms for a slow sink) and closes the file; stdout is flushed, not closed. Idempotent.
   */
  @Override
  void close();

  private static OutputStream openFile(String file) throws IOException {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException(
          "global.accessLog.file: " + file + " (expected: a path when target is file)");
    }
    Path path = Path.of(file);
    try {
      return Files.newOutputStream(
          path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new IOException(
          "global.accessLog.file: cannot open "
              + path
              + " (no such directory: "
              + path.toAbsolutePath().getParent()
              + ")",
          e);
    } catch (AccessDeniedException e) {
      throw new IOException(
          "global.accessLog.file: cannot open " + path + " (permission denied)", e);
    } catch (IOException e) {
      throw new IOException("global.accessLog.file: cannot open " + path + " (" + e + ")", e);
    }
  }
}
