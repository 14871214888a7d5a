package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The Service, or one port of it, a policy applies to; always in the policy's own namespace.
 *
 * @param kind only {@code Service}
 * @param name the Service's name
 * @param port a Service port ({@code port}, not {@code targetPort}); {@code null} = every port
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetRef(
    @Required @JsonPropertyDescription("Kind of the target; only Service.") Kind kind,
    @Required @JsonPropertyDescription("Name of the Service, in the policy's namespace.")
        String name,
    @Min(1)
        @Max(65535)
        @JsonPropertyDescription(
            "A port of the Service (its `port`, not its `targetPort`); without it, every port. A"
                + " policy for the port takes precedence over one for the whole Service.")
        Integer port) {

  /** Kinds a policy may target. */
  public enum Kind {
    @JsonProperty("Service")
    SERVICE
  }

  /** A reference to a whole Service. */
  public static TargetRef service(String name) {
    return new TargetRef(Kind.SERVICE, name, null);
  }
}
