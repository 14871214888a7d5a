package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/server-maxconn}: concurrent requests per pod. */
public final class ServerMaxconnAnnotation extends Annotation<Integer> {

  static final ServerMaxconnAnnotation INSTANCE = new ServerMaxconnAnnotation();

  private ServerMaxconnAnnotation() {
    super(
        "server-maxconn",
        Scope.BOTH,
        Target.BACKEND,
        "integer >= 0",
        "`defaults.maxconn` (`0`: unlimited)",
        "Concurrent requests to each pod (`backends[].servers[].maxconn`); more wait in the"
            + " backend's queue up to `timeout-queue`. `0` means unlimited.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.integer(text, 0, Integer.MAX_VALUE);
  }

  @Override
  public void apply(Integer value, BackendDraft draft) {
    draft.serverMaxconn(value);
  }
}
