package io.breakwater.dataplane.policy;

/**
 * The host and port of a {@code Host} header value ({@code example.com:8080}, {@code [::1]:80}).
 */
public final class HostHeader {
  private HostHeader() {}

  /** The host without port and IPv6 brackets; {@code ""} for null. */
  public static String host(String h) {
    if (h == null) {
      return "";
    }
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(1, close);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** The port, or -1 when none is given or it is not a number. */
  public static int port(String h) {
    if (h == null) {
      return -1;
    }
    int colon = h.lastIndexOf(':');
    if (colon < 0 || (h.startsWith("[") && colon < h.indexOf(']'))) {
      return -1;
    }
    try {
      return Integer.parseInt(h.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
