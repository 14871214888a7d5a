package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * The REST Data Plane API listener.
 *
 * @param listen the address to bind
 * @param tokenFile a file holding the bearer token clients must send; required unless {@code
 *     listen} is a loopback address
 */
public record DataplaneApi(HostPort listen, String tokenFile) {
  public DataplaneApi {
    Objects.requireNonNull(listen, "listen");
  }
}
