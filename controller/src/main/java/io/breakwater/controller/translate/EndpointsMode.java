package io.breakwater.controller.translate;

/** Where a Service's pod addresses are read from. */
public enum EndpointsMode {
  /** {@code discovery.k8s.io/v1} EndpointSlices, the default. */
  ENDPOINT_SLICES,
  /** v1 Endpoints, for clusters or permissions without EndpointSlices. */
  ENDPOINTS
}
