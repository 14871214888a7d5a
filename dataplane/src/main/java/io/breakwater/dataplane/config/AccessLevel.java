package io.breakwater.dataplane.config;

import java.util.Locale;

/** Runtime API access levels, as HAProxy's: each includes the ones before it. */
public enum AccessLevel {
  /** Read-only, non-sensitive: show commands. */
  USER,
  /** Also changes that cannot break anything: server state, weight, maxconn, counters. */
  OPERATOR,
  /** Everything: adding, deleting and moving servers, replacing the config. */
  ADMIN;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this level may run a command that needs {@code required}. */
  public boolean allows(AccessLevel required) {
    return compareTo(required) >= 0;
  }
}
