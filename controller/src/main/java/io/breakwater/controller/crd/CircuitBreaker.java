package io.breakwater.controller.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A circuit breaker for a Service's backend, or per pod (outlier detection), with the backend's
 * concurrency limits: {@code circuitbreakers.breakwater.io}.
 */
@Group(CircuitBreaker.GROUP)
@Version(CircuitBreaker.VERSION)
@Plural("circuitbreakers")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Port",
    jsonPath = ".spec.targetRef.port",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Scope",
    jsonPath = ".spec.scope",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Accepted",
    jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Programmed",
    jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CircuitBreaker extends CustomResource<CircuitBreakerSpec, PolicyStatus>
    implements Namespaced {

  /** The API group of Breakwater's resources. */
  public static final String GROUP = "breakwater.io";

  /** Their version. */
  public static final String VERSION = "v1alpha1";

  public CircuitBreaker() {}

  /** A CircuitBreaker with this spec and no status. */
  public CircuitBreaker(CircuitBreakerSpec spec) {
    setSpec(spec);
  }
}
