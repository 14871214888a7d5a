package io.breakwater.controller.translate.annotation;

/**
 * {@code breakwater.io/circuit-breaker}: the CircuitBreaker to use, by name. Translation looks it
 * up and applies it in place of the one of the same scope that targets the Service.
 */
public final class CircuitBreakerAnnotation extends Annotation<String> {

  static final CircuitBreakerAnnotation INSTANCE = new CircuitBreakerAnnotation();

  private CircuitBreakerAnnotation() {
    super(
        "circuit-breaker",
        Scope.BOTH,
        Target.BACKEND,
        "the name of a CircuitBreaker in the same namespace",
        "the CircuitBreakers targeting the Service port, else the Service, else none",
        "Applies that CircuitBreaker to the backends, in place of the one of the same `scope`"
            + " whose `targetRef` names the Service.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.objectName(text);
  }
}
