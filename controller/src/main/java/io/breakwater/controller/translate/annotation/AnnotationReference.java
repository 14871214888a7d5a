package io.breakwater.controller.translate.annotation;

/** Renders the annotation reference of {@code docs/annotations.md} from {@link Annotations}. */
public final class AnnotationReference {

  private AnnotationReference() {}

  /** The whole page, in Markdown. */
  public static String markdown(String regenerate) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Annotations\n\n")
        .append("<!-- Generated from io.breakwater.controller.translate.annotation.Annotations;")
        .append(" do not edit.\n     Regenerate: ")
        .append(regenerate)
        .append(" -->\n\n")
        .append(
            """
            Breakwater reads annotations with the prefix `breakwater.io/` on Ingresses and, for the
            keys whose scope says so, on the Services they route to. How translation combines them
            with the CircuitBreaker and RetryPolicy resources and the config defaults is described
            in [controller.md](controller.md#annotations-and-policies).

            - **Scope**: where the key is read. A key read on a Service applies to every backend of
              that Service (one per Service port); on an Ingress, to the backends its rules and
              default backend route to.
            - **Route keys** (`ssl-redirect`, `hsts`, `rewrite-target`, `request-set-header`,
              `response-set-header`, `allow-list`, `deny-list`, `rate-limit-rps`, and
              `fault-delay`/`fault-abort` on an Ingress) apply to the Ingress's own routes only:
              each route's `policy` ([traffic-policy.md](traffic-policy.md)). A value the
              dataplane's validator refuses (say a CIDR range with bits set after the prefix, or a
              header the proxy manages) is an Error on the annotation and left out; the Ingress is
              served with the rest.
            - **Canary keys** (`canary`, `canary-weight`, `canary-weight-total`,
              `canary-by-header`, `canary-by-header-value`, `canary-by-cookie`) make the Ingress
              a canary: its backend joins, as a `split` entry, the routes other Ingresses make for
              the same hosts and paths ([controller.md](controller.md#canary-ingresses)).
            - **Precedence**, for keys that configure backends: a Service's annotation wins over an
              Ingress's; between Ingresses routing to the same backend, the oldest Ingress's value
              wins and the others are reported. A RetryPolicy or CircuitBreaker comes below any
              annotation, above the config defaults.
            - **Invalid values** are reported (an Error problem: an Event on the object) and
              ignored; the rest of the object applies, and the affected backends keep their last
              good settings (not for Ingress-only route keys, which do not touch backends).
            - **Not supported by the dataplane yet**: the key is recognized and its value checked;
              a valid value is reported as a Warning and ignored, an invalid one as an Error.
            - Unknown `breakwater.io/` keys, and Ingress-only keys on a Service, are reported as
              Warnings.
            - Durations are written as in the dataplane config: `250ms`, `5s`, `1m30s`.

            """)
        .append("| key | scope | value | default | supported | description |\n")
        .append("|---|---|---|---|---|---|\n");
    for (Annotation<?> a : Annotations.ALL) {
      sb.append("| `")
          .append(a.key())
          .append("` | ")
          .append(a.scope().docName())
          .append(" | ")
          .append(cell(a.syntax()))
          .append(" | ")
          .append(cell(a.defaultValue()))
          .append(" | ")
          .append(a.supported() ? "yes" : "no")
          .append(" | ")
          .append(cell(a.description()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
