package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/rate-limit-rps}: recognized, not supported. */
public final class RateLimitRpsAnnotation extends Annotation<Integer> {

  static final RateLimitRpsAnnotation INSTANCE = new RateLimitRpsAnnotation();

  private RateLimitRpsAnnotation() {
    super(
        "rate-limit-rps",
        Scope.INGRESS,
        Target.NONE,
        "integer >= 1",
        "none",
        "Requests per second each client IP may make to the Ingress's routes, per dataplane"
            + " replica; beyond it, 429.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 1, Integer.MAX_VALUE);
  }
}
