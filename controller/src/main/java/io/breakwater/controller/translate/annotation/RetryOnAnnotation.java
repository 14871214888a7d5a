package io.breakwater.controller.translate.annotation;

import io.breakwater.dataplane.config.Retries;

/** {@code breakwater.io/retry-on}: the failures that are retried. */
public final class RetryOnAnnotation extends Annotation<RetryOn> {

  static final RetryOnAnnotation INSTANCE = new RetryOnAnnotation();

  private RetryOnAnnotation() {
    super(
        "retry-on",
        Scope.BOTH,
        Target.BACKEND,
        "conditions separated by commas: `conn-failure`, `empty-response`, `junk-response`,"
            + " `response-timeout`, a status (401 403 404 408 421 425 429 500 501 502 503 504),"
            + " `all-retryable-errors`, or `none` alone",
        "the RetryPolicy's `retryOn`, else `defaults.retries.retryOn` (`conn-failure`)",
        "Failures that are retried (`backends[].retries.retryOn`); replaces the inherited list.");
  }

  @Override
  protected RetryOn parseTrimmed(String text) {
    return RetryOn.parse(text);
  }

  @Override
  public void apply(RetryOn value, BackendDraft draft) {
    Retries r = draft.retries();
    draft.retries(
        new Retries(
            r.attempts(),
            value.on(),
            value.statuses(),
            r.redispatch(),
            r.perTryTimeout(),
            r.backoff(),
            r.bufferLimit(),
            r.retryNonIdempotent(),
            r.budget()));
  }
}
