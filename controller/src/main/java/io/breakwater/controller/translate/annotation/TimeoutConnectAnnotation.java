package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;

/** {@code breakwater.io/timeout-connect}: the backend's {@code timeouts.connect}. */
public final class TimeoutConnectAnnotation extends BackendTimeoutAnnotation {

  static final TimeoutConnectAnnotation INSTANCE = new TimeoutConnectAnnotation();

  private TimeoutConnectAnnotation() {
    super("timeout-connect", "connect", "5s", "To establish a connection to a pod");
  }

  @Override
  Timeouts with(Timeouts t, Duration d) {
    return new Timeouts(
        d,
        t.client(),
        t.server(),
        t.httpRequest(),
        t.httpKeepAlive(),
        t.queue(),
        t.tunnel(),
        t.poolIdle());
  }
}
