package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/rate-limit-rps}: maps onto the Ingress's routes' traffic policy. */
public final class RateLimitRpsAnnotation extends Annotation<Integer> {

  static final RateLimitRpsAnnotation INSTANCE = new RateLimitRpsAnnotation();

  private RateLimitRpsAnnotation() {
    super(
        "rate-limit-rps",
        Scope.INGRESS,
        Target.ROUTE,
        "integer >= 1",
        "none",
        "Requests per second each client IP may make to the Ingress's routes, per dataplane"
            + " replica, bursts of as many; beyond it, 429 (the routes' `policy.rateLimit`).");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 1, Integer.MAX_VALUE);
  }
}
