package io.breakwater.controller.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The controller's HTTP endpoint ({@code --metrics-listen HOST:PORT}): {@code /metrics} in the
 * Prometheus text format (0.0.4), {@code /healthz} (200 while the process runs) and {@code /readyz}
 * (200 once a sync has succeeded, 503 before). The JDK's own HTTP server on one daemon thread:
 * scrapes are rare and small, so nothing more is needed.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address} (port 0 picks a free one) and starts serving.
   *
   * @param registry what {@code /metrics} serves
   * @param ready what {@code /readyz} answers
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static MetricsServer start(
      InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("--metrics-listen " + address + ": cannot listen", e);
    }
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
          writer.write(body, registry.scrape());
          respond(exchange, 200, writer.getContentType(), body.toByteArray());
        });
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          if (ready.getAsBoolean()) {
            respond(exchange, 200, "ok\n");
          } else {
            respond(exchange, 503, "no successful sync yet\n");
          }
        });
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "breakwater-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor);
  }

  /**
   * Parses {@code HOST:PORT} or {@code [IPv6]:PORT}; port 0 picks a free port.
   *
   * @throws IllegalArgumentException naming the flag and the expected form
   */
  public static InetSocketAddress parseListen(String text) {
    String expected = "--metrics-listen: \"" + text + "\" (expected: HOST:PORT, PORT 0..65535)";
    if (text == null) {
      throw new IllegalArgumentException(expected);
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException(expected);
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || text.indexOf(':') != colon) {
        throw new IllegalArgumentException(expected);
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    if (host.isEmpty()
        || port.isEmpty()
        || port.length() > 5
        || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(expected);
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw new IllegalArgumentException(expected);
    }
    return new InetSocketAddress(host, p);
  }

  /** Where the server listens (the chosen port when started with port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops serving; a scrape in progress is cut short. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
