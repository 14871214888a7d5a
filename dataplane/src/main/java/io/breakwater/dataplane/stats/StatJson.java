package io.breakwater.dataplane.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stats snapshot as JSON (the stats page's {@code ;json}).
 *
 * <p>TEMPORARY placeholder: the real renderer (HAProxy's {@code show stat json} shape), written in
 * parallel, replaces this file at merge. This one serializes the snapshot records as they are.
 */
public final class StatJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatJson() {}

  public static String render(StatsSnapshot s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("records of strings and numbers always serialize", e);
    }
  }
}
