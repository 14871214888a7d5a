package io.breakwater.dataplane.config;

import java.util.Locale;

/** The protocol the dataplane speaks to a backend's servers. */
public enum BackendProtocol {
  /** HTTP/1.1, one request at a time per pooled connection. */
  HTTP1,
  /** Cleartext HTTP/2 with prior knowledge: requests are streams on a few shared connections. */
  H2C,
  /** HTTP/2 over TLS, chosen by ALPN. */
  H2;

  /** The spelling used in config files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the HTTP/2 protocols, whose requests are multiplexed streams. */
  public boolean http2() {
    return this != HTTP1;
  }
}
