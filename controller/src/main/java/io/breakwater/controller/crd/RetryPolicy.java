package io.breakwater.controller.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** When and how requests to a Service are retried: {@code retrypolicies.breakwater.io}. */
@Group(CircuitBreaker.GROUP)
@Version(CircuitBreaker.VERSION)
@Plural("retrypolicies")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Port",
    jsonPath = ".spec.targetRef.port",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Attempts",
    jsonPath = ".spec.attempts",
    type = AdditionalPrinterColumn.Type.INTEGER)
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
public class RetryPolicy extends CustomResource<RetryPolicySpec, PolicyStatus>
    implements Namespaced {

  public RetryPolicy() {}

  /** A RetryPolicy with this spec and no status. */
  public RetryPolicy(RetryPolicySpec spec) {
    setSpec(spec);
  }
}
