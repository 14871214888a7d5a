package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a breaker's sliding window is measured. */
public enum WindowType {
  /** The calls of the last {@code window}. */
  @JsonProperty("time")
  TIME,
  /** The last {@code windowSize} calls. */
  @JsonProperty("count")
  COUNT
}
