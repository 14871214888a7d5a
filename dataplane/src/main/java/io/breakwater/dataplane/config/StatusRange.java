package io.breakwater.dataplane.config;

import java.util.List;

/**
 * An inclusive range of HTTP status codes; a single code is a range of one.
 *
 * @param from lowest code, 100..599
 * @param to highest code, {@code from}..599
 */
public record StatusRange(int from, int to) {

  /** 200-399: what a health check accepts by default (HAProxy's 2xx and 3xx). */
  public static final List<StatusRange> CHECK_OK = List.of(new StatusRange(200, 399));

  /**
   * Every 5xx except 501 and 505: what passive observation counts as a server error by default
   * (HAProxy's {@code observe layer7}).
   */
  public static final List<StatusRange> SERVER_ERRORS =
      List.of(new StatusRange(500, 500), new StatusRange(502, 504), new StatusRange(506, 599));

  public boolean contains(int status) {
    return status >= from && status <= to;
  }

  /** True when any range of the list contains the status. */
  public static boolean anyContains(List<StatusRange> ranges, int status) {
    for (StatusRange r : ranges) {
      if (r.contains(status)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
