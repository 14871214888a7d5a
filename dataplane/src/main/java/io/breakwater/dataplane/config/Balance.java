package io.breakwater.dataplane.config;

import java.util.Locale;

/** Load-balancing algorithms, named as in HAProxy's {@code balance} keyword. */
public enum Balance {
  /** Smooth weighted round robin. */
  ROUNDROBIN,
  /** Fewest active requests relative to weight. */
  LEASTCONN,
  /** Weighted random with the power of two choices on active requests. */
  RANDOM,
  /** Consistent hash of the client IP address. */
  SOURCE,
  /** Consistent hash of the request path (without the query string). */
  URI;

  /** The spelling used in config files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
