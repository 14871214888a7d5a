package io.breakwater.dataplane.echo;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour the echo server can be switched into, for chaos tests: every answer (health check
 * included) becomes a 503, or comes late, or never comes.
 *
 * @param kind what goes wrong
 * @param delay the added latency for {@link Kind#SLOW}
 */
public record EchoFault(Kind kind, Duration delay) {

  /** Kinds of misbehaviour. */
  public enum Kind {
    NONE,
    /** Every request gets 503. */
    ERROR,
    /** Every answer comes {@code delay} late. */
    SLOW,
    /** Connections are accepted and requests read, but nothing is ever answered. */
    HANG
  }

  public static final EchoFault NONE = new EchoFault(Kind.NONE, Duration.ZERO);

  public EchoFault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(delay, "delay");
  }

  public static EchoFault error() {
    return new EchoFault(Kind.ERROR, Duration.ZERO);
  }

  public static EchoFault slow(Duration delay) {
    return new EchoFault(Kind.SLOW, delay);
  }

  public static EchoFault hang() {
    return new EchoFault(Kind.HANG, Duration.ZERO);
  }
}
