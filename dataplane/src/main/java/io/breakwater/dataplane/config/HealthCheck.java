package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Active health checking of a server, with HAProxy's counter semantics: exactly {@code fall}
 * consecutive failures take an UP server down, exactly {@code rise} successes bring a DOWN server
 * up.
 *
 * @param type {@code tcp}: the connection succeeds; {@code http}: a request gets an expected answer
 * @param method HTTP method of the check request
 * @param path request target of the check request
 * @param host Host header; {@code null} sends the server's address
 * @param expectStatus statuses that pass (default 200-399)
 * @param expectBody a substring the body must contain (first 16 KiB); {@code null} = any body
 * @param interval time between checks while the server is steadily UP
 * @param fastinter time between checks while the server is in transition (or after passive errors)
 * @param downinter time between checks while the server is steadily DOWN
 * @param timeout the whole check (connect, send, answer) must finish within it
 * @param rise consecutive successes that bring a DOWN server UP
 * @param fall consecutive failures that take an UP server DOWN
 * @param port the port checks go to; 0 = the server's own port
 * @param tls check over TLS when the backend has TLS; {@code false} checks in plain TCP even then
 */
public record HealthCheck(
    Type type,
    String method,
    String path,
    String host,
    List<StatusRange> expectStatus,
    String expectBody,
    Duration interval,
    Duration fastinter,
    Duration downinter,
    Duration timeout,
    int rise,
    int fall,
    int port,
    boolean tls) {

  /** Check kinds. */
  public enum Type {
    TCP,
    HTTP;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final int DEFAULT_RISE = 2;
  public static final int DEFAULT_FALL = 3;

  /** A TCP check with every default (interval, fastinter, downinter and timeout 2s). */
  public static final HealthCheck DEFAULT =
      new HealthCheck(
          Type.TCP,
          "GET",
          "/",
          null,
          StatusRange.CHECK_OK,
          null,
          DEFAULT_INTERVAL,
          DEFAULT_INTERVAL,
          DEFAULT_INTERVAL,
          DEFAULT_INTERVAL,
          DEFAULT_RISE,
          DEFAULT_FALL,
          0);

  /** A check that follows its backend's TLS. */
  public HealthCheck(
      Type type,
      String method,
      String path,
      String host,
      List<StatusRange> expectStatus,
      String expectBody,
      Duration interval,
      Duration fastinter,
      Duration downinter,
      Duration timeout,
      int rise,
      int fall,
      int port) {
    this(
        type,
        method,
        path,
        host,
        expectStatus,
        expectBody,
        interval,
        fastinter,
        downinter,
        timeout,
        rise,
        fall,
        port,
        true);
  }

  public HealthCheck {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    expectStatus = List.copyOf(expectStatus);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(fastinter, "fastinter");
    Objects.requireNonNull(downinter, "downinter");
    Objects.requireNonNull(timeout, "timeout");
  }
}
