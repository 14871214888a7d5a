package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.config.AccessLevel;
import java.time.Duration;

/**
 * What commands may change about their connection (level, mode, idle timeout, quitting), and who is
 * connected, for the audit log.
 */
final class SessionState {
  /** HAProxy's {@code stats timeout} default. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The longest {@code set timeout cli} accepts. */
  static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(1);

  /** HAProxy's CLI modes. */
  enum Mode {
    /** One line of commands, then the connection closes (the default). */
    NON_INTERACTIVE,
    /** Lines are read until {@code quit} or the client closes; no prompt. */
    INTERACTIVE,
    /** Interactive, with {@code > } printed before each command line. */
    PROMPT
  }

  AccessLevel level;
  Mode mode = Mode.NON_INTERACTIVE;
  Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  boolean quit;
  final Peer peer;

  SessionState(AccessLevel level, Peer peer) {
    this.level = level;
    this.peer = peer;
  }

  boolean interactive() {
    return mode != Mode.NON_INTERACTIVE;
  }
}
