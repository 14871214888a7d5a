package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/canary-weight}: the canary's share of a route's requests. */
public final class CanaryWeightAnnotation extends Annotation<Integer> {

  static final CanaryWeightAnnotation INSTANCE = new CanaryWeightAnnotation();

  private CanaryWeightAnnotation() {
    super(
        "canary-weight",
        Scope.INGRESS,
        Target.ROUTE,
        "integer 0..`canary-weight-total`, e.g. `20`",
        "`0`",
        "With `canary: \"true\"`: the canary takes `canary-weight` / `canary-weight-total` of the"
            + " requests that no header or cookie sent to it (the route's `split[].weight`, whole"
            + " percents: a share that is not one is rounded, with a Warning).");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 0, Integer.MAX_VALUE);
  }
}
