package io.breakwater.dataplane.accesslog;

import java.util.Objects;

/**
 * One finished request, as the access log sees it. Built on the event loop when the request ends
 * and handed to {@link AccessLogWriter#log}; formatting happens later, on the writer's thread, so
 * this holds raw values only.
 *
 * @param startMillis when the first byte of the request arrived (epoch milliseconds)
 * @param clientIp the client's address, without brackets for IPv6
 * @param clientPort the client's port
 * @param frontend the frontend that received the request
 * @param backend the backend chosen, or null when none was (no route, rejected request)
 * @param server the server that answered (the last one tried), or null when none was
 * @param method the request method as received
 * @param uri the request target as received, not decoded or normalized
 * @param protocol the request's protocol, e.g. {@code HTTP/1.1}
 * @param status the status sent to the client, or -1 when none was sent
 * @param bytesIn bytes received from the client (head and body)
 * @param bytesOut bytes sent to the client (head and body)
 * @param timers how long each phase took
 * @param retries attempts after the first
 * @param termination how the request ended
 * @param requestId the request's id (received or generated), or null when it has none
 */
public record AccessRecord(
    long startMillis,
    String clientIp,
    int clientPort,
    String frontend,
    String backend,
    String server,
    String method,
    String uri,
    String protocol,
    int status,
    long bytesIn,
    long bytesOut,
    Timers timers,
    int retries,
    Termination termination,
    String requestId) {

  /** A record without a request id. */
  public AccessRecord(
      long startMillis,
      String clientIp,
      int clientPort,
      String frontend,
      String backend,
      String server,
      String method,
      String uri,
      String protocol,
      int status,
      long bytesIn,
      long bytesOut,
      Timers timers,
      int retries,
      Termination termination) {
    this(
        startMillis,
        clientIp,
        clientPort,
        frontend,
        backend,
        server,
        method,
        uri,
        protocol,
        status,
        bytesIn,
        bytesOut,
        timers,
        retries,
        termination,
        null);
  }

  /**
   * HAProxy's timers, in nanoseconds; -1 for a phase that did not happen (no queue, no connection
   * because the request was refused, no response head because the server failed).
   *
   * @param tq reading the request head, from its first byte to its last ({@code TR})
   * @param tw waiting in queues for a server slot ({@code Tw})
   * @param tc connecting to the server, the last attempt's connect ({@code Tc})
   * @param tr from the request sent to the response head received ({@code Tr})
   * @param ta from the first request byte to the last response byte ({@code Ta}); never -1
   */
  public record Timers(long tq, long tw, long tc, long tr, long ta) {
    /** Every phase absent but the total. */
    public static Timers totalOnly(long ta) {
      return new Timers(-1, -1, -1, -1, ta);
    }

    public Timers {
      check("tq", tq);
      check("tw", tw);
      check("tc", tc);
      check("tr", tr);
      if (ta < 0) {
        throw new IllegalArgumentException("timers.ta: " + ta + " (expected: >= 0)");
      }
    }

    private static void check(String name, long nanos) {
      if (nanos < -1) {
        throw new IllegalArgumentException(
            "timers."
                + name
                + ": "
                + nanos
                + " (expected: >= 0, or -1 for a phase that did not happen)");
      }
    }
  }

  public AccessRecord {
    Objects.requireNonNull(clientIp, "clientIp");
    Objects.requireNonNull(frontend, "frontend");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(termination, "termination");
    if (clientPort < 0 || clientPort > 65_535) {
      throw new IllegalArgumentException(
          "clientPort: " + clientPort + " (expected: >= 0 and <= 65535)");
    }
    if (status != -1 && (status < 100 || status > 999)) {
      throw new IllegalArgumentException(
          "status: " + status + " (expected: 100 to 999, or -1 when none was sent)");
    }
    if (bytesIn < 0 || bytesOut < 0) {
      throw new IllegalArgumentException(
          "bytesIn/bytesOut: " + bytesIn + "/" + bytesOut + " (expected: >= 0)");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
    }
  }
}
