package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.StatusRange;
import java.util.List;

/** {@code breakwater.io/health-check-expect-status}: statuses an HTTP check accepts. */
public final class HealthCheckExpectStatusAnnotation extends Annotation<List<StatusRange>> {

  static final HealthCheckExpectStatusAnnotation INSTANCE = new HealthCheckExpectStatusAnnotation();

  private HealthCheckExpectStatusAnnotation() {
    super(
        "health-check-expect-status",
        Scope.BOTH,
        Target.BACKEND,
        "statuses and ranges separated by commas, e.g. `200,300-399`",
        "`200-399`",
        "Statuses that pass an HTTP check (`backends[].healthCheck.expectStatus`). Without"
            + " `health-check`, turns on an `http` check.");
  }

  @Override
  protected List<StatusRange> parseTrimmed(String text) {
    return Values.statusRanges(text);
  }

  @Override
  public void apply(List<StatusRange> value, BackendDraft draft) {
    draft.checkExpectStatus(value);
  }
}
