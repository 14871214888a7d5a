package io.breakwater.controller.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server process the e2e tier started, with its output (stdout and stderr) in a log file. It is
 * stopped politely first (SIGTERM) and forcibly after a bound, its whole process tree with it.
 */
final class ChildProcess {

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    return new ChildProcess(name, p, log);
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The last lines of the log, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** "etcd (pid 123) exited with status 1" or "etcd (pid 123) is running". */
  String state() {
    return name
        + " (pid "
        + process.pid()
        + ")"
        + (process.isAlive() ? " is running" : " exited with status " + process.exitValue());
  }

  /**
   * SIGTERM, and SIGKILL for what is still alive after {@code grace}; waits at most {@code grace}
   * more for the kill to land. Returns whether the process is gone.
   */
  boolean stop(Duration grace) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    if (!awaitExit(grace)) {
      kill();
    }
    awaitExit(grace);
    tree.forEach(ProcessHandle::destroyForcibly);
    return !process.isAlive();
  }

  /** SIGKILL for the process and its descendants, without waiting: the shutdown hook's way. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Waits until {@code probe} says yes, asking every {@code interval}; fails with the state of the
   * process and its log when the process exits first or {@code bound} passes.
   */
  void awaitReady(String what, Duration bound, Duration interval, Probe probe) throws IOException {
    long deadline = System.nanoTime() + bound.toNanos();
    Exception lastError = null;
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            state() + " before " + what + "; last lines of " + log + ":\n" + logTail(40));
      }
      try {
        if (probe.ready()) {
          return;
        }
        lastError = null;
      } catch (IOException e) {
        lastError = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
      if (System.nanoTime() > deadline) {
        IOException timeout =
            new IOException(
                "no "
                    + what
                    + " within "
                    + bound.toSeconds()
                    + "s; "
                    + state()
                    + "; last lines of "
                    + log
                    + ":\n"
                    + logTail(40));
        if (lastError != null) {
          timeout.addSuppressed(lastError);
        }
        throw timeout;
      }
      // The pause between probes ends early if the process exits.
      awaitExit(interval);
    }
  }

  /** One readiness probe. */
  @FunctionalInterface
  interface Probe {
    boolean ready() throws IOException, InterruptedException;
  }

  private boolean awaitExit(Duration bound) {
    try {
      process.onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
