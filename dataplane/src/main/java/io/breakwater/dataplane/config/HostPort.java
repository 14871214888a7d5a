package io.breakwater.dataplane.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
    return parseOrExplain(text) instanceof HostPort hp ? hp : null;
  }

  /**
   * Why the text is not {@code host:port}, as {@code "10.0.0:80" is not host:port (...)}, or {@code
   * null} when it is.
   */
  static String problem(String text) {
    return parseOrExplain(text) instanceof String reason
        ? Texts.quote(String.valueOf(text)) + " is not host:port (" + reason + ")"
        : null;
  }

  /** The parsed value, or a string saying what is wrong with the text. */
  private static Object parseOrExplain(String text) {
    if (text == null || text.isEmpty()) {
      return "empty";
    }
    String host;
    String port;
    if (text.charAt(0) == '[') {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        return "expected [IPv6]:port";
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!validIpv6(host)) {
        return "bad IPv6 address " + Texts.quote(host);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        return "missing :port";
      }
      if (text.indexOf(':') != colon) {
        return "an IPv6 address needs brackets, e.g. [::1]:80";
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (!validHostName(host)) {
        return host.isEmpty()
            ? "missing host"
            : "bad host " + Texts.quote(host) + "; expected an IPv4 address or a DNS name";
      }
    }
    if (port.isEmpty()) {
      return "missing port";
    }
    int p = 0;
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return "port " + Texts.quote(port) + " is not a number";
      }
      p = Math.min(p * 10 + (c - '0'), 1_000_000);
    }
    if (p < 1 || p > 65535) {
      return "port " + port + " is outside 1..65535";
    }
    return new HostPort(host, p);
  }

  /**
   * A loose IPv6 literal check (hex groups, colons, an optional dotted IPv4 tail): enough to catch
   * typos without resolving anything.
   */
  private static boolean validIpv6(String host) {
    if (host.length() < 2 || host.indexOf(':') < 0 || host.length() > 45) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    int doubleColon = host.indexOf("::");
    return doubleColon < 0 || host.indexOf("::", doubleColon + 1) < 0;
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

  /**
   * Whether the host is a loopback address literal: {@code 127.0.0.0/8} or {@code ::1}, however
   * spelt. Names are never resolved, so {@code localhost} is not loopback here: what it resolves to
   * is up to the machine's resolver, and a listener that needs no credentials on loopback must not
   * depend on that.
   */
  public boolean isLoopback() {
    boolean literal = validIpv6(host) || (validHostName(host) && isDottedQuad(host));
    if (!literal) {
      return false;
    }
    try {
      // Starting with a hex digit or a colon, the text is parsed as a literal, never looked up.
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isDottedQuad(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
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
