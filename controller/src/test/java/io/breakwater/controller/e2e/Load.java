package io.breakwater.controller.e2e;

import io.breakwater.dataplane.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Traffic while something changes: a few client threads, each sending {@code GET /} for one host
 * over a keep-alive connection to the dataplane, back to back, until {@link #close()}. Every
 * response other than 200, and every I/O error (each read is bounded: 5 s), is a failure, kept with
 * what it was.
 */
final class Load implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 5_000;
  private static final Duration JOIN = Duration.ofSeconds(15);

  private final int port;
  private final String host;
  private final List<Thread> clients = new ArrayList<>();
  private final AtomicLong ok = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, Long> answeredBy = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  private Load(int port, String host) {
    this.port = port;
    this.host = host;
  }

  /** Starts {@code clients} threads sending to the dataplane's frontend on 127.0.0.1:port. */
  static Load start(int port, String host, int clients) {
    Load load = new Load(port, host);
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(load::run, "load-" + i);
      t.setDaemon(true);
      load.clients.add(t);
      t.start();
    }
    return load;
  }

  /** Successful requests so far. */
  long ok() {
    return ok.get();
  }

  /** The failed requests so far, each described. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Successful requests per echo server ({@code x-echo-server}). */
  Map<String, Long> answeredBy() {
    return Map.copyOf(answeredBy);
  }

  /** Waits until {@code n} more requests than now have succeeded. */
  void awaitMore(long n, Duration bound) {
    long target = ok.get() + n;
    Await.until(n + " more successful requests", bound, () -> ok.get() >= target);
  }

  /**
   * Watches the load for {@code period}: at every {@link Await#INTERVAL} more requests must have
   * succeeded than at the one before, within {@code stall}, and none may fail.
   */
  void keepsFlowingFor(Duration period, Duration stall) {
    long end = System.nanoTime() + period.toNanos();
    long last = ok.get();
    long lastProgress = System.nanoTime();
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(Await.INTERVAL.toNanos());
      long now = System.nanoTime();
      long current = ok.get();
      if (current > last) {
        last = current;
        lastProgress = now;
      } else if (now - lastProgress > stall.toNanos()) {
        throw new AssertionError("no request succeeded for " + stall.toMillis() + " ms");
      }
      if (!failures.isEmpty()) {
        throw new AssertionError("requests failed: " + failures());
      }
    }
  }

  /** Stops the clients (each finishes its request in flight) and waits for them, bounded. */
  @Override
  public void close() {
    running = false;
    long deadline = System.nanoTime() + JOIN.toNanos();
    for (Thread t : clients) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " did not stop within " + JOIN.toSeconds() + "s");
      }
    }
  }

  private void run() {
    RawHttp conn = null;
    try {
      while (running) {
        try {
          if (conn == null) {
            conn = new RawHttp(port, READ_TIMEOUT_MILLIS);
          }
          RawHttp.Response r = conn.get("/", host);
          String server = r.header("x-echo-server");
          if (r.status() != 200) {
            fail("status " + r.status() + " from " + server + ": " + r.text());
          } else {
            ok.incrementAndGet();
            answeredBy.merge(String.valueOf(server), 1L, Long::sum);
          }
          if ("close".equalsIgnoreCase(r.header("connection"))) {
            conn.close();
            conn = null;
          }
        } catch (IOException e) {
          fail(e.toString());
          closeQuietly(conn);
          conn = null;
        }
      }
    } finally {
      closeQuietly(conn);
    }
  }

  /** Keeps the first failures' descriptions (a dead frontend would fail at full speed). */
  private void fail(String what) {
    if (failures.size() < 50) {
      failures.add(what);
    }
  }

  private static void closeQuietly(RawHttp conn) {
    if (conn != null) {
      try {
        conn.close();
      } catch (Exception e) {
        // the test is over for this connection
      }
    }
  }
}
