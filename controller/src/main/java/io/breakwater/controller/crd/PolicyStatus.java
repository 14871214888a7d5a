package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The status of a CircuitBreaker or RetryPolicy, written by the leader only.
 *
 * @param conditions {@value #ACCEPTED} (the spec is valid and its target exists; set from
 *     translation) and {@value #PROGRAMMED} (the dataplane runs it; set by the sync)
 * @param observedGeneration the {@code metadata.generation} the conditions describe
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyStatus(
    @JsonPropertyDescription(
            "Accepted: the spec is valid and its target exists. Programmed: the dataplane runs"
                + " it.")
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation the conditions describe.")
        Long observedGeneration) {

  /** Condition type: the spec is valid and its target exists. */
  public static final String ACCEPTED = "Accepted";

  /** Condition type: the dataplane runs the policy. */
  public static final String PROGRAMMED = "Programmed";

  public PolicyStatus {
    conditions = conditions == null ? null : List.copyOf(conditions);
  }
}
