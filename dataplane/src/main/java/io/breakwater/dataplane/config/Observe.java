package io.breakwater.dataplane.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Passive observation of live traffic (HAProxy {@code observe layer7}): consecutive errors of a
 * server — connect failures, timeouts, invalid responses, and responses with an error status —
 * trigger {@code onError} when they reach {@code errorLimit}. A passed health check or a good
 * response resets the count. Needs an active health check to bring the server back.
 *
 * @param errorLimit consecutive errors that trigger the action (default 10)
 * @param onError what to do then (default fail-check)
 * @param errorStatuses response statuses that count as errors (default 5xx except 501, 505)
 */
public record Observe(int errorLimit, OnError onError, List<StatusRange> errorStatuses) {

  /** HAProxy's on-error actions. */
  public enum OnError {
    /** Check at {@code fastinter} for the next check only. */
    FASTINTER,
    /** Count one failed check. */
    FAIL_CHECK,
    /** One more failed check takes the server down. */
    SUDDEN_DEATH,
    /** Take the server down now. */
    MARK_DOWN;

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public static final Observe DEFAULT =
      new Observe(10, OnError.FAIL_CHECK, StatusRange.SERVER_ERRORS);

  public Observe {
    Objects.requireNonNull(onError, "onError");
    errorStatuses = List.copyOf(errorStatuses);
  }
}
