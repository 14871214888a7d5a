package io.breakwater.controller.translate.annotation;

/**
 * {@code breakwater.io/retry-policy}: the RetryPolicy to use, by name. Translation looks the policy
 * up and applies it in place of the ones that target the Service.
 */
public final class RetryPolicyAnnotation extends Annotation<String> {

  static final RetryPolicyAnnotation INSTANCE = new RetryPolicyAnnotation();

  private RetryPolicyAnnotation() {
    super(
        "retry-policy",
        Scope.BOTH,
        Target.BACKEND,
        "the name of a RetryPolicy in the same namespace",
        "the RetryPolicy targeting the Service port, else the Service, else none",
        "Applies that RetryPolicy to the backends, in place of those whose `targetRef` names the"
            + " Service. The retry annotations above still override its fields.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.objectName(text);
  }
}
