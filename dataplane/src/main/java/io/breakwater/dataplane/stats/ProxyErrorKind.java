package io.breakwater.dataplane.stats;

/**
 * Why the proxy answered (or gave up on) a request itself. Each kind has the status the client
 * gets; kinds without a status ({@code 0}) end the connection without an answer because a response
 * was already under way.
 */
public enum ProxyErrorKind {
  /** Malformed request: 400. */
  BAD_REQUEST(400),
  /** Request line too long: 414. */
  URI_TOO_LONG(414),
  /** Request header section too large: 431. */
  HEADERS_TOO_LARGE(431),
  /** No route and no default backend: 404. */
  NO_ROUTE(404),
  /** The client was too slow to send its request: 408. */
  REQUEST_TIMEOUT(408),
  /** No connection could be made to the chosen server: 502. */
  CONNECT_FAILED(502),
  /** The server sent an invalid response or closed before a complete response head: 502. */
  BAD_RESPONSE(502),
  /** No server is eligible: 503. */
  NO_SERVER(503),
  /** All servers are at maxconn and the queue is full: 503. */
  QUEUE_FULL(503),
  /** The request waited longer than {@code timeout queue}: 503. */
  QUEUE_TIMEOUT(503),
  /** The backend is over one of its limits: 503 with {@code x-breakwater-overloaded: true}. */
  OVERLOADED(503),
  /** The backend's circuit breaker is open: 503 with {@code x-breakwater-overloaded: true}. */
  CIRCUIT_OPEN(503),
  /** The client's address is refused by the route's allow or deny list: 403. */
  DENIED(403),
  /** The client is over the route's rate limit: 429 (or the configured status). */
  RATE_LIMITED(429),
  /** The request body is larger than the route's {@code maxBodySize}: 413. */
  BODY_TOO_LARGE(413),
  /** Fault injection aborted the request with its configured status. */
  FAULT_ABORT(0),
  /** The server did not answer within {@code timeout server}: 504. */
  SERVER_TIMEOUT(504),
  /**
   * The response was cut short (server closed or timed out mid-body); the client connection is
   * closed.
   */
  RESPONSE_ABORTED(0),
  /** The client went away before its response was complete. */
  CLIENT_ABORTED(0);

  private final int status;

  ProxyErrorKind(int status) {
    this.status = status;
  }

  /** The status sent to the client, or 0 when nothing can be sent. */
  public int status() {
    return status;
  }
}
