package io.breakwater.dataplane.audit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line of the audit log: {@code key=value} pairs in the order they are added, separated by one
 * space. A value that is empty or holds a blank, {@code "}, {@code =} or {@code \} is written in
 * double quotes with {@code "} and {@code \} escaped; control characters become spaces, so a line
 * is always one line; values longer than {@value #MAX_VALUE} characters are cut, ending in {@code
 * ...}. Built only for state-changing commands, which are rare, so nothing here is tuned.
 */
public final class AuditLine {
  /** The logger's name, the same for both APIs. */
  public static final String LOGGER = "io.breakwater.audit";

  /** Longest value written whole (an error listing every problem of a config is cut). */
  public static final int MAX_VALUE = 400;

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final StringBuilder sb = new StringBuilder(160);

  private AuditLine(String api) {
    sb.append("api=").append(api);
  }

  /** Whether audit lines are written at all (the logger is at INFO or finer). */
  public static boolean enabled() {
    return log.isInfoEnabled();
  }

  /** A line for {@code api} ({@code runtime} or {@code rest}). */
  public static AuditLine of(String api) {
    return new AuditLine(api);
  }

  /** Adds {@code key=value}; nothing when {@code value} is null. */
  public AuditLine add(String key, Object value) {
    if (value == null) {
      return this;
    }
    sb.append(' ').append(key).append('=');
    appendValue(sb, String.valueOf(value));
    return this;
  }

  /** Writes the line at INFO. */
  public void log() {
    log.info("{}", sb);
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /** A TCP peer as {@code tcp:ip:port} ({@code [ip]:port} for IPv6), anything else as it prints. */
  public static String tcpPeer(SocketAddress address) {
    if (address instanceof InetSocketAddress a && a.getAddress() != null) {
      String ip = a.getAddress().getHostAddress();
      return "tcp:" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
    return String.valueOf(address);
  }

  static void appendValue(StringBuilder sb, String value) {
    String v = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE - 3) + "..." : value;
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f;
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < ' ' || c == 0x7f) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
