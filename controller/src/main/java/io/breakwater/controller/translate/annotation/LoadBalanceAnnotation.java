package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Balance;
import java.util.Arrays;
import java.util.List;

/** {@code breakwater.io/load-balance}: the backend's load-balancing algorithm. */
public final class LoadBalanceAnnotation extends Annotation<Balance> {

  static final LoadBalanceAnnotation INSTANCE = new LoadBalanceAnnotation();

  private static final List<String> NAMES =
      Arrays.stream(Balance.values()).map(Balance::configName).toList();

  private LoadBalanceAnnotation() {
    super(
        "load-balance",
        Scope.BOTH,
        Target.BACKEND,
        "`roundrobin`, `leastconn`, `random`, `source` or `uri`",
        "`defaults.balance` (`roundrobin`)",
        "Load-balancing algorithm (`backends[].balance`): smooth weighted round robin, fewest"
            + " active requests, random with two choices, or a consistent hash of the client IP"
            + " or of the path.");
  }

  @Override
  protected Balance parseTrimmed(String text) {
    return Balance.valueOf(Values.oneOf(text, NAMES).toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public void apply(Balance value, BackendDraft draft) {
    draft.balance(value);
  }
}
