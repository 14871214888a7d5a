package io.breakwater.dataplane.resilience;

import java.util.Objects;

/**
 * What the proxy knows about a failed attempt, for {@link RetryRules}.
 *
 * @param failure how the attempt failed
 * @param status the response status when {@code failure} is {@link Failure#STATUS}; otherwise 0
 * @param requestSent whether any byte of the request was written to the server's connection
 * @param responseStarted whether any byte of the response was written to the client
 * @param body whether the request body could be sent again
 * @param idempotent whether the method is idempotent ({@link RetryRules#idempotent})
 * @param retries retries already made for this request (0 when the first attempt failed)
 * @param otherServer whether an eligible server other than the one that failed exists
 */
public record AttemptFacts(
    Failure failure,
    int status,
    boolean requestSent,
    boolean responseStarted,
    Body body,
    boolean idempotent,
    int retries,
    boolean otherServer) {

  /** Failure kinds, after HAProxy's {@code retry-on} keywords. */
  public enum Failure {
    /** No connection: the request was not sent. */
    CONNECT_FAILED,
    /** The server closed the connection after the request was sent, answering nothing. */
    EMPTY_RESPONSE,
    /** The server answered something that is not a valid response head. */
    JUNK_RESPONSE,
    /** The per-try (or server) timeout struck before the response head. */
    RESPONSE_TIMEOUT,
    /** A complete response head with a status the policy may retry; not yet forwarded. */
    STATUS
  }

  /** The request body, as far as replaying it goes. */
  public enum Body {
    /** The request has no body. */
    NONE,
    /** The whole body was received before sending began, within {@code bufferLimit}, and kept. */
    HELD,
    /** Larger than {@code bufferLimit}, or still arriving when sending began: gone once sent. */
    NOT_HELD
  }

  public AttemptFacts {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(body, "body");
    Args.range("retries", retries, 0, Long.MAX_VALUE);
  }
}
