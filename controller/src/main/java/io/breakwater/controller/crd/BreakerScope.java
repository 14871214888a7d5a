package io.breakwater.controller.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a CircuitBreaker breaks. */
public enum BreakerScope {
  /** A breaker per server (pod): outlier detection, ejecting failing pods from the balance. */
  @JsonProperty("server")
  SERVER,
  /** One breaker for the Service's backend: while open, requests get 503 at once. */
  @JsonProperty("backend")
  BACKEND
}
