package io.breakwater.controller.translate.annotation;

import java.time.Duration;

/**
 * {@code breakwater.io/timeout-client}: maps onto the Ingress's routes' traffic policy ({@code
 * policy.clientTimeout}), the client timeout once a request is routed to one of them.
 */
public final class TimeoutClientAnnotation extends Annotation<Duration> {

  static final TimeoutClientAnnotation INSTANCE = new TimeoutClientAnnotation();

  private TimeoutClientAnnotation() {
    super(
        "timeout-client",
        Scope.INGRESS,
        Target.ROUTE,
        "duration > 0, e.g. `30s`",
        "the frontend's `timeouts.client` (`50s`)",
        "Client inactivity allowed on the Ingress's routes once a request is routed: while its"
            + " body is read and while a response waits for the client to read it (the routes'"
            + " `policy.clientTimeout`); 408 or close when it runs out. Before a request is"
            + " routed (connection idle, request head) the frontend's `timeouts.client`,"
            + " `httpRequest` and `httpKeepAlive` apply, which all Ingresses share.");
  }

  @Override
  protected Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }
}
