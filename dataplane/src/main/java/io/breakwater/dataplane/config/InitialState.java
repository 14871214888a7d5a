package io.breakwater.dataplane.config;

import java.util.Locale;

/**
 * A new server's health before its first check. Servers that remain across a config change keep the
 * state their checks gave them.
 */
public enum InitialState {
  /** Eligible at once; goes DOWN after {@code fall} failed checks (HAProxy's fully-up). */
  UP,
  /** Not eligible until {@code rise} checks pass (HAProxy's fully-down). */
  DOWN;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
