package io.breakwater.controller.cli;

import io.breakwater.controller.ctl.RuntimeClient;
import java.nio.file.Path;

/**
 * {@code --runtime-api}: a Unix socket path, or {@code host:port} for TCP. A value with a {@code /}
 * or without a {@code :} is a path; {@code [::1]:9999} is IPv6.
 */
final class RuntimeApiAddress {
  private RuntimeApiAddress() {}

  static RuntimeClient client(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "--runtime-api: empty (expected: a Unix socket path or host:port)");
    }
    int colon = value.lastIndexOf(':');
    if (value.indexOf('/') >= 0 || colon < 0) {
      return RuntimeClient.unix(Path.of(value));
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--runtime-api: '" + value + "' (expected: a Unix socket path or host:port)");
    }
    try {
      return RuntimeClient.tcp(host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--runtime-api: " + e.getMessage(), e);
    }
  }
}
