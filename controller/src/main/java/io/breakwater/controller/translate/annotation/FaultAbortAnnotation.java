package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Faults;

/** {@code breakwater.io/fault-abort}: answer a share of requests with a status at once. */
public final class FaultAbortAnnotation extends Annotation<Faults.Abort> {

  static final FaultAbortAnnotation INSTANCE = new FaultAbortAnnotation();

  private FaultAbortAnnotation() {
    super(
        "fault-abort",
        Scope.BOTH,
        Target.ROUTE,
        "`[PERCENT%] STATUS`, e.g. `5% 503` (percent 0..100, default 100; status 200..599)",
        "none",
        "Answers that share of requests with that status, without sending them on"
            + " (`faults.abort`). On an Ingress: its own routes; on a Service: its backends, for"
            + " routes whose Ingress sets no fault of its own.");
  }

  @Override
  protected Faults.Abort parseTrimmed(String text) {
    String[] parts = Values.percentThen(text, "a status 200..599, e.g. 5% 503");
    double percent = parts[0] == null ? Faults.DEFAULT_PERCENT : Values.percent(parts[0]);
    return new Faults.Abort(percent, Values.integer(parts[1], 200, 599));
  }

  @Override
  public void apply(Faults.Abort value, BackendDraft draft) {
    draft.faultAbort(value);
  }
}
