package io.breakwater.dataplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.web.WebRequest;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/config} and {@code PUT /v1/config?version=N}: the whole config with optimistic
 * concurrency, as HAProxy's Data Plane API does with its configuration version. A GET answers
 * {@code {"version": N, "config": {…}}} with {@code ETag: "N"}; a PUT takes the config alone (JSON
 * or YAML) and the version it was based on, as {@code ?version=N} or {@code If-Match: "N"}.
 */
final class ConfigEndpoints {
  /** Header naming the running config's version, as in HAProxy's Data Plane API. */
  static final String VERSION_HEADER = "Configuration-Version";

  private final Dataplane dp;

  ConfigEndpoints(Dataplane dp) {
    this.dp = dp;
  }

  WebResponse get(WebRequest r) throws IOException {
    // Version and config are read apart; read again if a change slipped in between.
    long version;
    Config config;
    do {
      version = dp.version();
      config = dp.config();
    } while (version != dp.version());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("config", configTree(config));
    return versioned(ApiJson.ok(body), version);
  }

  WebResponse put(WebRequest r) {
    Long expected;
    try {
      expected = expectedVersion(r);
    } catch (IllegalArgumentException e) {
      return ApiJson.error(
          HttpResponseStatus.BAD_REQUEST,
          "invalid version",
          List.of(new ConfigError("version", e.getMessage())));
    }
    if (expected == null) {
      return ApiJson.error(
          HttpResponseStatus.BAD_REQUEST,
          "the version this config is based on is required",
          List.of(
              new ConfigError(
                  "version",
                  "missing (expected: ?version=N or If-Match: \"N\", N from GET /v1/config)")));
    }
    Config config;
    try {
      config = ConfigLoader.parse(r.bodyText(), "PUT /v1/config");
    } catch (ConfigException e) {
      return invalid(e);
    }
    try {
      long version = dp.apply(expected, config);
      return versioned(ApiJson.ok(Map.of("version", version)), version);
    } catch (ConfigException e) {
      if (isStale(e)) {
        return stale(expected, dp.version());
      }
      return invalid(e);
    }
  }

  /** The version a write is based on, or null when it names none. */
  static Long expectedVersion(WebRequest r) {
    String v = r.query("version");
    if (v == null) {
      String ifMatch = r.header(HttpHeaderNames.IF_MATCH);
      if (ifMatch == null) {
        return null;
      }
      v = ifMatch.strip().replace("\"", "");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + v + "\" (expected: a whole number)");
    }
  }

  /** Dataplane's refusal of a stale version is its only error at the path {@code version}. */
  static boolean isStale(ConfigException e) {
    return e.errors().size() == 1 && e.errors().get(0).path().equals("version");
  }

  static WebResponse stale(long given, long running) {
    return ApiJson.error(
        HttpResponseStatus.CONFLICT,
        "version conflict: the running config is version "
            + running
            + ", the change was based on version "
            + given
            + "; read it again (GET /v1/config) and redo the change",
        List.of(new ConfigError("version", given + " is stale (running: " + running + ")")));
  }

  static WebResponse invalid(ConfigException e) {
    return ApiJson.error(
        HttpResponseStatus.BAD_REQUEST,
        "invalid configuration: "
            + e.errors().size()
            + (e.errors().size() == 1 ? " error" : " errors"),
        e.errors());
  }

  static WebResponse versioned(WebResponse response, long version) {
    return response
        .withHeader(HttpHeaderNames.ETAG.toString(), ApiJson.etag(version))
        .withHeader(VERSION_HEADER, Long.toString(version));
  }

  /** The tree of the config as the file schema writes it, for the server lists. */
  static JsonNode configTree(Config config) throws IOException {
    return ApiJson.MAPPER.readTree(ConfigWriter.toJson(config));
  }
}
