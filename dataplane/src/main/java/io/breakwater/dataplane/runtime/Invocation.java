package io.breakwater.dataplane.runtime;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLevel;
import io.breakwater.dataplane.proxy.ServerState;

/** One run of a command: its words, payload, session, and the dataplane it acts on. */
final class Invocation {
  final Dataplane dp;
  final SessionState session;
  final CommandLine line;
  final InitialWeights weights;
  private final String payload;

  Invocation(
      Dataplane dp,
      SessionState session,
      CommandLine line,
      String payload,
      InitialWeights weights) {
    this.dp = dp;
    this.session = session;
    this.line = line;
    this.payload = payload;
    this.weights = weights;
  }

  /** The word at {@code i} (the command's own words included), or {@code null}. */
  String word(int i) {
    return line.word(i);
  }

  int size() {
    return line.size();
  }

  /**
   * The document a command takes: its {@code <<} payload, or else the raw rest of the line from
   * word {@code i}; empty when neither was given.
   */
  String document(int i) {
    if (payload == null) {
      return line.rest(i);
    }
    if (line.size() > i) {
      throw new CliError("Give the document on the line or after <<, not both.");
    }
    return payload;
  }

  /** Whether a payload was sent after {@code <<}. */
  boolean hasPayload() {
    return payload != null;
  }

  /** Refuses the command unless the session's level is at least {@code level}. */
  void require(AccessLevel level) {
    if (!session.level.allows(level)) {
      throw new CliError(Commands.PERMISSION_DENIED);
    }
  }

  /** Refuses the command when it has more than {@code n} words. */
  void atMost(int n, String usage) {
    if (line.size() > n) {
      throw CliError.usage(usage);
    }
  }

  /** The server named by word {@code i}: HAProxy's messages when it is missing or unknown. */
  ServerState server(int i) {
    ServerRef ref = ServerRef.parse(word(i));
    if (dp.backend(ref.backend()) == null) {
      throw new CliError("No such backend.");
    }
    ServerState s = dp.server(ref.backend(), ref.server());
    if (s == null) {
      throw new CliError("No such server.");
    }
    return s;
  }
}
