package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Retries;

/** {@code breakwater.io/retries}: retries after the first try. */
public final class RetriesAnnotation extends Annotation<Integer> {

  static final RetriesAnnotation INSTANCE = new RetriesAnnotation();

  private RetriesAnnotation() {
    super(
        "retries",
        Scope.BOTH,
        Target.BACKEND,
        "integer 0..100",
        "the RetryPolicy's `attempts`, else `defaults.retries.attempts` (`3`)",
        "Retries after the first try (`backends[].retries.attempts`); `0` disables retries.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 0, 100);
  }

  @Override
  public void apply(Integer value, BackendDraft draft) {
    Retries r = draft.retries();
    draft.retries(
        new Retries(
            value,
            r.on(),
            r.statuses(),
            r.redispatch(),
            r.perTryTimeout(),
            r.backoff(),
            r.bufferLimit(),
            r.retryNonIdempotent(),
            r.budget()));
  }
}
