package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/canary-weight-total}: what {@code canary-weight} is a share of. */
public final class CanaryWeightTotalAnnotation extends Annotation<Integer> {

  static final CanaryWeightTotalAnnotation INSTANCE = new CanaryWeightTotalAnnotation();

  private CanaryWeightTotalAnnotation() {
    super(
        "canary-weight-total",
        Scope.INGRESS,
        Target.ROUTE,
        "integer >= 1",
        "`100`",
        "With `canary: \"true\"`: the total `canary-weight` is counted against, e.g. `1000` for"
            + " weights in tenths of a percent.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 1, Integer.MAX_VALUE);
  }
}
