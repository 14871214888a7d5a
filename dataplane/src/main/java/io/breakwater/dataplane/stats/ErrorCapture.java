package io.breakwater.dataplane.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@value #CAPACITY} malformed requests and responses of one frontend ({@code show
 * errors}). Recording happens only on the error path, so a lock costs nothing that matters; it
 * survives hot swaps with the frontend's other counters, and {@code clear counters} leaves it, as
 * HAProxy does.
 */
public final class ErrorCapture {
  /** How many captures a frontend keeps. */
  public static final int CAPACITY = 16;

  private final CapturedError[] ring = new CapturedError[CAPACITY];
  private long events;

  /** Keeps a capture, dropping the oldest when full; its event number is assigned here. */
  public synchronized void record(
      long atMillis,
      String frontend,
      String client,
      boolean response,
      String backend,
      String server,
      ProxyErrorKind kind,
      String reason,
      CapturedBytes bytes) {
    events++;
    ring[(int) ((events - 1) % CAPACITY)] =
        new CapturedError(
            events, atMillis, frontend, client, response, backend, server, kind, reason, bytes);
  }

  /** The captures kept, oldest first. */
  public synchronized List<CapturedError> recent() {
    List<CapturedError> out = new ArrayList<>(CAPACITY);
    long first = Math.max(1, events - CAPACITY + 1);
    for (long e = first; e <= events; e++) {
      out.add(ring[(int) ((e - 1) % CAPACITY)]);
    }
    return out;
  }
}
