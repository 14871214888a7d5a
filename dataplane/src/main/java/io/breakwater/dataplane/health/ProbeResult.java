package io.breakwater.dataplane.health;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one health check, in HAProxy's terms ({@code check_status} in {@code show stat}).
 *
 * @param passed whether the check counts as a success
 * @param code one of the status codes below
 * @param description what happened, for logs and the stats page ("HTTP status 503")
 * @param durationNanos from the start of the check to its outcome, on the event loop's ticker
 */
public record ProbeResult(boolean passed, String code, String description, long durationNanos) {

  /** TCP check passed: the connection was established. */
  public static final String L4OK = "L4OK";

  /** The connection was refused or failed; the description says why. */
  public static final String L4CON = "L4CON";

  /** The connection was not established in time. */
  public static final String L4TOUT = "L4TOUT";

  /** TCP check over TLS passed: the connection was established and its handshake completed. */
  public static final String L6OK = "L6OK";

  /** The TLS handshake failed (an untrusted certificate, a name mismatch, no common protocol). */
  public static final String L6RSP = "L6RSP";

  /** Connected, but the TLS handshake did not complete in time. */
  public static final String L6TOUT = "L6TOUT";

  /** HTTP check passed: expected status (and body, when one is expected). */
  public static final String L7OK = "L7OK";

  /** The HTTP status was not an expected one. */
  public static final String L7STS = "L7STS";

  /** The answer was invalid, incomplete, or its body lacked the expected string. */
  public static final String L7RSP = "L7RSP";

  /** Connected, but no complete answer arrived in time. */
  public static final String L7TOUT = "L7TOUT";

  /**
   * A socket error: the check could not even try to connect, or an I/O error broke an established
   * connection before the answer could be judged (HAProxy's {@code chk_report_conn_err}).
   */
  public static final String SOCKERR = "SOCKERR";

  public ProbeResult {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
  }

  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  @Override
  public String toString() {
    return code + " (" + description + ") in " + durationNanos / 1_000_000 + "ms";
  }
}
