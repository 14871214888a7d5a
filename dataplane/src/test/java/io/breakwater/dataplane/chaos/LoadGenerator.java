package io.breakwater.dataplane.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady load for a chaos scenario: a few client threads, each sending GET requests one after the
 * other on keep-alive connections, counting completions and client-visible failures (anything but
 * 200, or no answer within 10 s).
 */
final class LoadGenerator implements AutoCloseable {
  private static final int SAMPLES = 5;

  private final int port;
  private final int clients;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  LoadGenerator(int port, int clients) {
    this.port = port;
    this.clients = clients;
  }

  void start() {
    running.set(true);
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(this::loop, "chaos-load-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  private void loop() {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chaos"))
            .timeout(Duration.ofSeconds(10))
            .build();
    while (running.get()) {
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          fail(r.statusCode() + " " + r.body().strip());
        }
      } catch (Exception e) {
        fail(e.toString());
      }
      completed.incrementAndGet();
    }
  }

  private void fail(String what) {
    failures.incrementAndGet();
    if (samples.size() < SAMPLES) {
      samples.add(what);
    }
  }

  /** Lets the load run for {@code d} (the scenario's phases are periods of load, by design). */
  void awaitFor(Duration d) {
    awaitUntil(System.nanoTime() + d.toNanos());
  }

  /** Lets the load run until the given {@link System#nanoTime()} instant. */
  void awaitUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(left, 50_000_000L));
    }
  }

  long completed() {
    return completed.get();
  }

  long failures() {
    return failures.get();
  }

  List<String> failureSamples() {
    return List.copyOf(samples);
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(15_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
