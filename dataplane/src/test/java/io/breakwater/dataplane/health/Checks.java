package io.breakwater.dataplane.health;

import io.breakwater.dataplane.config.HealthCheck;
import io.breakwater.dataplane.config.StatusRange;
import java.time.Duration;
import java.util.List;

/** Health checks for tests: the defaults, with one field changed at a time. */
final class Checks {
  private Checks() {}

  static HealthCheck tcp() {
    return HealthCheck.DEFAULT;
  }

  static HealthCheck http(String path) {
    return copy(HealthCheck.DEFAULT, HealthCheck.Type.HTTP, "GET", path, null, null, null, null, 0);
  }

  static HealthCheck timeout(HealthCheck c, Duration timeout) {
    return copy(c, null, null, null, null, null, null, timeout, 0);
  }

  static HealthCheck expectStatus(HealthCheck c, StatusRange... ranges) {
    return copy(c, null, null, null, null, List.of(ranges), null, null, 0);
  }

  static HealthCheck expectBody(HealthCheck c, String body) {
    return copy(c, null, null, null, null, null, body, null, 0);
  }

  static HealthCheck host(HealthCheck c, String host) {
    return copy(c, null, null, null, host, null, null, null, 0);
  }

  static HealthCheck method(HealthCheck c, String method) {
    return copy(c, null, method, null, null, null, null, null, 0);
  }

  static HealthCheck port(HealthCheck c, int port) {
    return copy(c, null, null, null, null, null, null, null, port);
  }

  /** {@code c} with every non-null (non-zero for the port) argument replacing its field. */
  private static HealthCheck copy(
      HealthCheck c,
      HealthCheck.Type type,
      String method,
      String path,
      String host,
      List<StatusRange> expectStatus,
      String expectBody,
      Duration timeout,
      int port) {
    return new HealthCheck(
        type != null ? type : c.type(),
        method != null ? method : c.method(),
        path != null ? path : c.path(),
        host != null ? host : c.host(),
        expectStatus != null ? expectStatus : c.expectStatus(),
        expectBody != null ? expectBody : c.expectBody(),
        c.interval(),
        c.fastinter(),
        c.downinter(),
        timeout != null ? timeout : c.timeout(),
        c.rise(),
        c.fall(),
        port != 0 ? port : c.port());
  }
}
