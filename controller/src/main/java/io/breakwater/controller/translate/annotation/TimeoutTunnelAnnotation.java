package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;

/** {@code breakwater.io/timeout-tunnel}: the backend's {@code timeouts.tunnel}. */
public final class TimeoutTunnelAnnotation extends BackendTimeoutAnnotation {

  static final TimeoutTunnelAnnotation INSTANCE = new TimeoutTunnelAnnotation();

  private TimeoutTunnelAnnotation() {
    super(
        "timeout-tunnel",
        "tunnel",
        "1h",
        "Inactivity in both directions once a connection is upgraded (WebSocket)");
  }

  @Override
  Timeouts with(Timeouts t, Duration d) {
    return new Timeouts(
        t.connect(),
        t.client(),
        t.server(),
        t.httpRequest(),
        t.httpKeepAlive(),
        t.queue(),
        d,
        t.poolIdle());
  }
}
