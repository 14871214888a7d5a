package io.breakwater.controller.translate.annotation;

/** Which objects an annotation is read on. */
public enum Scope {
  /** Ingresses only. */
  INGRESS("Ingress"),
  /** Ingresses and Services. */
  BOTH("Ingress, Service");

  private final String docName;

  Scope(String docName) {
    this.docName = docName;
  }

  /** How the reference names the scope. */
  public String docName() {
    return docName;
  }

  /** Whether a Service may carry the annotation. */
  public boolean onServices() {
    return this == BOTH;
  }
}
