package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One Runtime API listener (HAProxy's stats socket): a Unix socket or a TCP address, never both.
 *
 * @param unix path of the Unix socket, or null
 * @param tcp TCP address, or null; must be loopback unless {@code allowRemote}
 * @param level what commands it accepts (default admin on a Unix socket, operator on TCP)
 * @param mode the socket file's permissions, octal (default 0600); Unix sockets only
 * @param owner the socket file's owner (user name), or null for the process's; Unix sockets only
 * @param allowRemote allow a non-loopback TCP address (default false)
 */
public record RuntimeApiListener(
    String unix, HostPort tcp, AccessLevel level, int mode, String owner, boolean allowRemote) {

  public static final int DEFAULT_MODE = 0600;

  public RuntimeApiListener {
    Objects.requireNonNull(level, "level");
  }

  /** A Unix-socket listener with mode 0600. */
  public static RuntimeApiListener unix(String path, AccessLevel level) {
    return new RuntimeApiListener(path, null, level, DEFAULT_MODE, null, false);
  }

  /** A TCP listener. */
  public static RuntimeApiListener tcp(HostPort address, AccessLevel level) {
    return new RuntimeApiListener(null, address, level, DEFAULT_MODE, null, false);
  }
}
