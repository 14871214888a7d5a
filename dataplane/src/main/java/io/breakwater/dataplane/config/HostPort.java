package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * A host (IPv4, IPv6 without brackets, or DNS name) and a TCP port.
 *
 * @param host never {@code null}; IPv6 literals are kept without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
  }

  /**
   * Parses {@code host:port}, {@code [v6]:port}. Returns {@code null} when the text is not of that
   * form, so callers can report the error with its path.
   */
  public static HostPort parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String host;
    String port;
    if (text.charAt(0) == '[') {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        return null;
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (host.isEmpty() || host.indexOf(':') < 0) {
        return null;
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || text.indexOf(':') != colon) {
        return null;
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (!validHostName(host)) {
        return null;
      }
    }
    if (port.isEmpty() || port.length() > 5) {
      return null;
    }
    int p = 0;
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) {
      return null;
    }
    return new HostPort(host, p);
  }

  /**
   * True for a dotted IPv4 address with four octets, or for a DNS name. A string of digits and dots
   * that is not four octets in range (say {@code 10.0.0}) is neither.
   */
  static boolean validHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    boolean numeric = true;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      String[] octets = host.split("\\.", -1);
      if (octets.length != 4) {
        return false;
      }
      for (String o : octets) {
        if (o.isEmpty() || o.length() > 3 || Integer.parseInt(o) > 255) {
          return false;
        }
      }
      return true;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return false;
        }
      }
      if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** Same as {@link #toString()}; named for readers of config-producing code. */
  public String format() {
    return toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostPort h && h.port == port && h.host.equals(host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port);
  }
}
