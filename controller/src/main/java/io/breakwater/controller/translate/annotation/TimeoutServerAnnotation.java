package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;

/** {@code breakwater.io/timeout-server}: the backend's {@code timeouts.server}. */
public final class TimeoutServerAnnotation extends BackendTimeoutAnnotation {

  static final TimeoutServerAnnotation INSTANCE = new TimeoutServerAnnotation();

  private TimeoutServerAnnotation() {
    super(
        "timeout-server",
        "server",
        "50s",
        "Inactivity while waiting for the pod to send (response head or body)");
  }

  @Override
  Timeouts with(Timeouts t, Duration d) {
    return new Timeouts(
        t.connect(),
        t.client(),
        d,
        t.httpRequest(),
        t.httpKeepAlive(),
        t.queue(),
        t.tunnel(),
        t.poolIdle());
  }
}
