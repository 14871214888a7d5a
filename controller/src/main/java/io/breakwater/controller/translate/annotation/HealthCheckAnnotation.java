package io.breakwater.controller.translate.annotation;

import io.breakwater.controller.translate.annotation.BackendDraft.CheckMode;
import java.util.List;
import java.util.Locale;

/** {@code breakwater.io/health-check}: active health checks of the pods, on or off. */
public final class HealthCheckAnnotation extends Annotation<CheckMode> {

  static final HealthCheckAnnotation INSTANCE = new HealthCheckAnnotation();

  private HealthCheckAnnotation() {
    super(
        "health-check",
        Scope.BOTH,
        Target.BACKEND,
        "`tcp`, `http` or `off`",
        "`defaults.healthCheck` (none: pods count as UP while their endpoints are ready)",
        "Active checks of every pod (`backends[].healthCheck.type`): `tcp` connects, `http` sends"
            + " `GET` with the path of `health-check-path` and expects a status of"
            + " `health-check-expect-status`; `off` turns checks off, whatever the other"
            + " `health-check-*` keys say.");
  }

  @Override
  protected CheckMode parseTrimmed(String text) {
    return CheckMode.valueOf(
        Values.oneOf(text, List.of("tcp", "http", "off")).toUpperCase(Locale.ROOT));
  }

  @Override
  public void apply(CheckMode value, BackendDraft draft) {
    draft.checkMode(value);
  }
}
