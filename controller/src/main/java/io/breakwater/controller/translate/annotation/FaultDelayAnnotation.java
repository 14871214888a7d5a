package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Faults;

/** {@code breakwater.io/fault-delay}: delay a share of requests, for chaos experiments. */
public final class FaultDelayAnnotation extends Annotation<Faults.Delay> {

  static final FaultDelayAnnotation INSTANCE = new FaultDelayAnnotation();

  private FaultDelayAnnotation() {
    super(
        "fault-delay",
        Scope.BOTH,
        Target.ROUTE,
        "`[PERCENT%] DURATION`, e.g. `10% 2s` (percent 0..100, default 100)",
        "none",
        "Delays that share of requests by that time before they go on (`faults.delay`). On an"
            + " Ingress: its own routes (`frontends[].routes[].faults`); on a Service: its backends"
            + " (`backends[].faults`), for routes whose Ingress sets no fault of its own.");
  }

  @Override
  protected Faults.Delay parseTrimmed(String text) {
    String[] parts = Values.percentThen(text, "a duration > 0, e.g. 10% 2s");
    double percent = parts[0] == null ? Faults.DEFAULT_PERCENT : Values.percent(parts[0]);
    return new Faults.Delay(percent, Values.positiveDuration(parts[1]));
  }

  @Override
  public void apply(Faults.Delay value, BackendDraft draft) {
    draft.faultDelay(value);
  }
}
