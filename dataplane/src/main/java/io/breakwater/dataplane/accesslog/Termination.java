package io.breakwater.dataplane.accesslog;

import java.util.Objects;

/**
 * How a request ended, as HAProxy's two-character termination state: who ended it, then in which
 * phase. {@code --} is a normal end; {@code sH} is a server timeout while waiting for the response
 * head; {@code CD} is a client that went away during the body.
 *
 * <p>The codes Breakwater uses, and when:
 *
 * <table>
 *   <caption>termination states</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>{@code --}</td><td>normal end</td></tr>
 *   <tr><td>{@code CR}</td><td>client closed before sending a whole request head</td></tr>
 *   <tr><td>{@code cR}</td><td>client timeout on the request head (408)</td></tr>
 *   <tr><td>{@code PR}</td><td>the proxy refused the request: bad request, no route, limits</td></tr>
 *   <tr><td>{@code RR}</td><td>resource exhausted before the request was handled (maxconn)</td></tr>
 *   <tr><td>{@code CQ}, {@code sQ}</td><td>client closed, or {@code timeout queue} expired, while
 *       queued (503)</td></tr>
 *   <tr><td>{@code PQ}</td><td>the proxy answered without a server: no server usable, breaker open
 *       (503)</td></tr>
 *   <tr><td>{@code CC}</td><td>client closed while connecting to the server</td></tr>
 *   <tr><td>{@code SC}, {@code sC}</td><td>the server refused the connection, or {@code timeout
 *       connect} expired (503)</td></tr>
 *   <tr><td>{@code RC}</td><td>no local resource to connect (no port, no file descriptor)</td></tr>
 *   <tr><td>{@code CH}</td><td>client closed while waiting for the response head</td></tr>
 *   <tr><td>{@code SH}, {@code sH}</td><td>the server closed before a whole response head (502), or
 *       {@code timeout server} expired waiting for it (504)</td></tr>
 *   <tr><td>{@code PH}</td><td>the proxy rejected the server's response head (invalid, too large)
 *       (502)</td></tr>
 *   <tr><td>{@code CD}, {@code cD}</td><td>client closed, or timed out, during the body</td></tr>
 *   <tr><td>{@code SD}, {@code sD}</td><td>server closed, or timed out, during the body</td></tr>
 * </table>
 *
 * <p>HAProxy has more causes ({@code K} killed by an admin, {@code D} server went down, {@code I}
 * internal error, …) and phases ({@code T} tarpit, {@code L} last data); Breakwater does not use
 * them yet, so they are not here.
 *
 * @param cause who ended the request
 * @param phase what the request was doing when it ended
 */
public record Termination(Cause cause, Phase phase) {

  /** A request that ended normally: {@code --}. */
  public static final Termination NORMAL = new Termination(Cause.NONE, Phase.DONE);

  /** The first character: who ended the request. */
  public enum Cause {
    /** {@code -}: nobody; the request ended normally. */
    NONE('-'),
    /** {@code C}: the client closed the connection. */
    CLIENT_ABORT('C'),
    /** {@code S}: the server closed, refused, or answered with an error the proxy could not use. */
    SERVER_ABORT('S'),
    /**
     * {@code P}: the proxy ended it (a rejected request or response, or no server to send it to).
     */
    PROXY('P'),
    /** {@code R}: a local resource ran out (connections, ports, memory). */
    RESOURCE('R'),
    /** {@code c}: the client timed out. */
    CLIENT_TIMEOUT('c'),
    /** {@code s}: the server timed out (or the queue timeout expired). */
    SERVER_TIMEOUT('s');

    private final char code;

    Cause(char code) {
      this.code = code;
    }

    public char code() {
      return code;
    }
  }

  /** The second character: the phase the request was in. */
  public enum Phase {
    /** {@code R}: reading the request head. */
    REQUEST('R'),
    /** {@code Q}: waiting in a queue for a server slot. */
    QUEUE('Q'),
    /** {@code C}: connecting to the server. */
    CONNECT('C'),
    /** {@code H}: waiting for the whole response head. */
    HEADERS('H'),
    /** {@code D}: transferring the body. */
    DATA('D'),
    /** {@code -}: the exchange was complete. */
    DONE('-');

    private final char code;

    Phase(char code) {
      this.code = code;
    }

    public char code() {
      return code;
    }
  }

  public Termination {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(phase, "phase");
  }

  /** Shorthand for {@code new Termination(cause, phase)}. */
  public static Termination of(Cause cause, Phase phase) {
    return cause == Cause.NONE && phase == Phase.DONE ? NORMAL : new Termination(cause, phase);
  }

  /**
   * Reads a two-character code such as {@code sH}.
   *
   * @throws IllegalArgumentException when either character is not one of the codes above
   */
  public static Termination parse(String code) {
    if (code == null || code.length() != 2) {
      throw new IllegalArgumentException(
          "termination: " + quote(code) + " (expected: two characters such as -- or sH)");
    }
    Cause cause = null;
    for (Cause c : Cause.values()) {
      if (c.code == code.charAt(0)) {
        cause = c;
      }
    }
    Phase phase = null;
    for (Phase p : Phase.values()) {
      if (p.code == code.charAt(1)) {
        phase = p;
      }
    }
    if (cause == null || phase == null) {
      throw new IllegalArgumentException(
          "termination: " + quote(code) + " (expected: one of -CSPRcs, then one of RQCHD-)");
    }
    return of(cause, phase);
  }

  /** The two-character code, e.g. {@code --} or {@code sH}. */
  public String code() {
    return new String(new char[] {cause.code, phase.code});
  }

  @Override
  public String toString() {
    return code();
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
