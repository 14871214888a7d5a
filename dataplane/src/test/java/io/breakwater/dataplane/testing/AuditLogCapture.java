package io.breakwater.dataplane.testing;

import io.breakwater.dataplane.audit.AuditLine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures the audit log as the test logging backend (slf4j-simple, which looks up {@code
 * System.err} at every line) writes it: {@link #start} tees {@code System.err}, {@link #lines}
 * answers the messages logged on {@value AuditLine#LOGGER} since, {@link #close} restores it. Tests
 * run one at a time per JVM, so nothing else swaps {@code System.err} meanwhile.
 */
public final class AuditLogCapture implements AutoCloseable {
  private static final String MARK = " " + AuditLine.LOGGER + " - ";

  private final PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private AuditLogCapture() {
    original = System.err;
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            captured.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            captured.write(b, off, len);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  public static AuditLogCapture start() {
    return new AuditLogCapture();
  }

  /** The audit messages logged so far (without slf4j-simple's thread, level and logger name). */
  public List<String> lines() {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(MARK))
        .map(l -> l.substring(l.indexOf(MARK) + MARK.length()).strip())
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
