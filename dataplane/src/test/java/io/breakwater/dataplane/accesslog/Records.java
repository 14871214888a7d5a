package io.breakwater.dataplane.accesslog;

import java.time.Instant;

/** Sample records for the access log tests. */
final class Records {
  /** 2026-11-24T07:11:39.123Z */
  static final long START = Instant.parse("2026-11-24T07:11:39.123Z").toEpochMilli();

  private Records() {}

  /** A normal request for {@code uri}, answered 200 by api/s1. */
  static AccessRecord ok(String uri) {
    return new AccessRecord(
        START,
        "192.0.2.7",
        51234,
        "web",
        "api",
        "s1",
        "GET",
        uri,
        "HTTP/1.1",
        200,
        321,
        1432,
        new AccessRecord.Timers(120_000, 0, 1_234_567, 5_000_000, 6_789_000),
        0,
        Termination.NORMAL);
  }

  /** The {@code n}th request, told apart by its uri {@code /n}. */
  static AccessRecord numbered(int n) {
    return ok("/" + n);
  }

  /** A request refused before any backend was chosen. */
  static AccessRecord noBackend() {
    return new AccessRecord(
        START,
        "2001:db8::1",
        443,
        "web",
        null,
        null,
        "GET",
        "/nowhere",
        "HTTP/1.1",
        404,
        80,
        0,
        new AccessRecord.Timers(50_000, -1, -1, -1, 60_000),
        0,
        Termination.parse("PR"));
  }
}
