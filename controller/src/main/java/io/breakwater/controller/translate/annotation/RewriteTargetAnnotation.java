package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/rewrite-target}: recognized, not supported. */
public final class RewriteTargetAnnotation extends Annotation<String> {

  static final RewriteTargetAnnotation INSTANCE = new RewriteTargetAnnotation();

  private RewriteTargetAnnotation() {
    super(
        "rewrite-target",
        Scope.INGRESS,
        Target.NONE,
        "a path starting with `/`",
        "none: the path is sent as received",
        "Replace the matched path prefix by this path before sending the request on.");
  }

  @Override
  protected String parseTrimmed(String text) {
    return Values.absolutePath(text);
  }
}
