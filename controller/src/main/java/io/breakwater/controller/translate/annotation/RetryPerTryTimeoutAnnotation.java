package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Retries;
import java.time.Duration;

/** {@code breakwater.io/retry-per-try-timeout}: each attempt's limit for the response head. */
public final class RetryPerTryTimeoutAnnotation extends Annotation<Duration> {

  static final RetryPerTryTimeoutAnnotation INSTANCE = new RetryPerTryTimeoutAnnotation();

  private RetryPerTryTimeoutAnnotation() {
    super(
        "retry-per-try-timeout",
        Scope.BOTH,
        Target.BACKEND,
        "duration > 0, e.g. `2s`",
        "the RetryPolicy's `perTryTimeout`, else the backend's server timeout",
        "Each attempt's limit for the response head (`backends[].retries.perTryTimeout`); when"
            + " it strikes, `response-timeout` in `retry-on` decides whether to try again.");
  }

  @Override
  protected Duration parseTrimmed(String text) {
    return Values.positiveDuration(text);
  }

  @Override
  public void apply(Duration value, BackendDraft draft) {
    Retries r = draft.retries();
    draft.retries(
        new Retries(
            r.attempts(),
            r.on(),
            r.statuses(),
            r.redispatch(),
            value,
            r.backoff(),
            r.bufferLimit(),
            r.retryNonIdempotent(),
            r.budget()));
  }
}
