package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/rewrite-target}: maps onto the Ingress's routes' traffic policy. */
public final class RewriteTargetAnnotation extends Annotation<String> {

  static final RewriteTargetAnnotation INSTANCE = new RewriteTargetAnnotation();

  private RewriteTargetAnnotation() {
    super(
        "rewrite-target",
        Scope.INGRESS,
        Target.ROUTE,
        "a path starting with `/`",
        "none: the path is sent as received",
        "Replace the matched path prefix (the whole path on an `Exact` path) by this path before"
            + " sending the request on (the routes' `policy.rewrite.prefix`).");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.absolutePath(text);
  }
}
