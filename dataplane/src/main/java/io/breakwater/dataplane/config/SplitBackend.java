package io.breakwater.dataplane.config;

import java.util.Objects;

/**
 * One more backend of a route: requests that match {@code header} or {@code cookie} go to it, and
 * of the others {@code weight} percent; the rest go to the route's own backend.
 *
 * @param backend the backend's name
 * @param weight percent of the requests that match no header or cookie of the split, 0..100
 * @param header requests with this header value go here; {@code null} = none
 * @param cookie requests with this cookie value go here; {@code null} = none
 */
public record SplitBackend(String backend, int weight, Match header, Match cookie) {

  public SplitBackend {
    Objects.requireNonNull(backend, "backend");
  }

  /** A name and the exact value it must have. */
  public record Match(String name, String value) {
    public Match {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
