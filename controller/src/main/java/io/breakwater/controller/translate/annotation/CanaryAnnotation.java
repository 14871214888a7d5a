package io.breakwater.controller.translate.annotation;

/**
 * {@code breakwater.io/canary}: the Ingress is a canary. It makes no routes of its own; its backend
 * joins the {@code split} of the route another Ingress makes for the same host and path.
 */
public final class CanaryAnnotation extends Annotation<Boolean> {

  static final CanaryAnnotation INSTANCE = new CanaryAnnotation();

  private CanaryAnnotation() {
    super(
        "canary",
        Scope.INGRESS,
        Target.ROUTE,
        "`true` or `false`",
        "`false`",
        "The Ingress is a canary: for each host and path that a non-canary Ingress also serves,"
            + " its backend takes a share of that route's requests (the route's `split`: by"
            + " `canary-by-header`, `canary-by-cookie`, then `canary-weight`) and makes no route"
            + " of its own; its `spec.defaultBackend` and route keys are ignored. A canary path"
            + " that no other Ingress serves is a Warning; when two canaries name one route, the"
            + " oldest applies and the other is reported. An invalid `canary-*` value ignores the"
            + " whole canary.");
  }

  @Override
  protected Boolean parseTrimmed(String text) {
    return Values.bool(text);
  }
}
