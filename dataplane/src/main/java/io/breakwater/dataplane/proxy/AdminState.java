package io.breakwater.dataplane.proxy;

import java.util.Locale;

/**
 * A server's administrative state, set by an operator (Runtime API) and kept across config changes
 * while the server remains. Independent of its operational (health) state.
 */
public enum AdminState {
  /** In rotation. */
  READY,
  /** No new requests; requests in flight finish; health checks go on. */
  DRAIN,
  /** Out of rotation; health checks paused. */
  MAINT;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
