package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When and how a failed request is tried again.
 *
 * @param attempts retries after the first try (default 3); 0 disables retries
 * @param on failure kinds that are retried (default: conn-failure)
 * @param statuses response statuses that are retried (a subset of 401 403 404 408 421 425 429 500
 *     501 502 503 504)
 * @param redispatch retry on another eligible server when one exists (default true)
 * @param perTryTimeout each attempt's limit for the response head; {@code null} = the backend's
 *     {@code timeout server}
 * @param backoff wait between attempts
 * @param bufferLimit request bodies up to this many bytes are held for replay; larger ones are
 *     never retried once sent (default 64 KiB)
 * @param retryNonIdempotent also retry POST, PATCH, … after the request was sent (default false:
 *     only when it never reached the server)
 * @param budget limits retries to a share of recent traffic
 */
public record Retries(
    int attempts,
    Set<On> on,
    Set<Integer> statuses,
    boolean redispatch,
    Duration perTryTimeout,
    Backoff backoff,
    int bufferLimit,
    boolean retryNonIdempotent,
    Budget budget) {

  /** Failure kinds (HAProxy's retry-on keywords other than statuses). */
  public enum On {
    /** The connection failed; the request was never sent. */
    CONN_FAILURE,
    /** The server closed after the request was sent, without answering. */
    EMPTY_RESPONSE,
    /** The server answered something that is not a valid HTTP response head. */
    JUNK_RESPONSE,
    /** {@code perTryTimeout} (or {@code timeout server}) struck before the response head. */
    RESPONSE_TIMEOUT;

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Statuses {@code retryOn} may name (HAProxy's list). */
  public static final Set<Integer> RETRYABLE_STATUSES =
      Set.of(401, 403, 404, 408, 421, 425, 429, 500, 501, 502, 503, 504);

  /**
   * Fully jittered exponential backoff: retry n waits up to {@code min(max, base × (2^n − 1))},
   * {@code jitter} percent of it random.
   *
   * @param base first retry's upper bound (default 25ms)
   * @param max cap (default 250ms)
   * @param jitter percent of the wait that is random, 0..100 (default 100)
   */
  public record Backoff(Duration base, Duration max, int jitter) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofMillis(25), Duration.ofMillis(250), 100);

    public Backoff {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(max, "max");
    }
  }

  /**
   * Retries allowed over {@code window}: {@code ratio} × requests in it, plus {@code minPerSecond}
   * per second, so a failing backend sees at most that much extra load (Linkerd's retry budget).
   *
   * @param ratio retries per request, 0..1 (default 0.2)
   * @param minPerSecond retries always allowed per second (default 10)
   * @param window how far back requests and retries count (default 10s)
   */
  public record Budget(double ratio, int minPerSecond, Duration window) {
    public static final Budget DEFAULT = new Budget(0.2, 10, Duration.ofSeconds(10));

    public Budget {
      Objects.requireNonNull(window, "window");
    }
  }

  public static final int DEFAULT_BUFFER_LIMIT = 64 * 1024;

  public static final Retries DEFAULT =
      new Retries(
          3,
          Set.of(On.CONN_FAILURE),
          Set.of(),
          true,
          null,
          Backoff.DEFAULT,
          DEFAULT_BUFFER_LIMIT,
          false,
          Budget.DEFAULT);

  public Retries {
    on = Set.copyOf(on);
    statuses = Set.copyOf(statuses);
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(budget, "budget");
  }
}
