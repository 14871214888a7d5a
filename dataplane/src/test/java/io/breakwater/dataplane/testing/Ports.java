package io.breakwater.dataplane.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests that must name a port up front (a config file's {@code listen}, a flag). */
public final class Ports {
  private Ports() {}

  /**
   * A port free on the loopback address now. Another process may take it before the test binds it;
   * a config with port 0 would avoid that, but the dataplane's config format refuses port 0.
   */
  public static int free() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
