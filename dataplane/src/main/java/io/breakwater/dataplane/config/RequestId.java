package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * The request id of a frontend's requests: the value of {@code header} when the request has one,
 * else one generated here (when {@code generate}), sent on to the server and written to the access
 * log.
 *
 * @param generate generate an id for requests without one
 * @param header the header that carries it
 */
public record RequestId(boolean generate, String header) {
  public static final String DEFAULT_HEADER = "x-request-id";
  public static final RequestId DEFAULT = new RequestId(true, DEFAULT_HEADER);

  public RequestId {
    Objects.requireNonNull(header, "header");
  }
}
