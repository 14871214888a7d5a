package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Timeouts;
import java.time.Duration;

/** {@code breakwater.io/timeout-queue}: the backend's {@code timeouts.queue}. */
public final class TimeoutQueueAnnotation extends BackendTimeoutAnnotation {

  static final TimeoutQueueAnnotation INSTANCE = new TimeoutQueueAnnotation();

  private TimeoutQueueAnnotation() {
    super(
        "timeout-queue",
        "queue",
        "5s",
        "How long a request may wait for a server slot when every pod is at its `server-maxconn`; then 503");
  }

  @Override
  Timeouts with(Timeouts t, Duration d) {
    return new Timeouts(
        t.connect(),
        t.client(),
        t.server(),
        t.httpRequest(),
        t.httpKeepAlive(),
        d,
        t.tunnel(),
        t.poolIdle());
  }
}
