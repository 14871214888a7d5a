package io.breakwater.controller.translate.annotation;

/** {@code breakwater.io/max-body-size}: the largest request body the backend accepts. */
public final class MaxBodySizeAnnotation extends Annotation<Integer> {

  static final MaxBodySizeAnnotation INSTANCE = new MaxBodySizeAnnotation();

  private MaxBodySizeAnnotation() {
    super(
        "max-body-size",
        Scope.BOTH,
        Target.BACKEND,
        "bytes, or with a k, m or g suffix (1024-based), e.g. 1048576, 512k, 8m",
        "`defaults.maxBodySize` (`0`: no limit)",
        "The largest request body sent to the Service's pods (`backends[].maxBodySize`, as"
            + " ingress-nginx's `proxy-body-size`): a larger one is answered 413 and never"
            + " forwarded. At most 2147483647 bytes; `0` sets no limit of the backend's own, so"
            + " `defaults.maxBodySize` applies.");
  }

  @Override
  protected Integer parseTrimmed(String text) {
    return Values.size(text);
  }

  @Override
  public void apply(Integer value, BackendDraft draft) {
    draft.maxBodySize(value);
  }
}
