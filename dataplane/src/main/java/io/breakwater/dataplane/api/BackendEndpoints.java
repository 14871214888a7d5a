package io.breakwater.dataplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigError;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.web.WebRequest;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backends and their servers. {@code GET …/servers} answers the servers in the config file's
 * schema, so what it returns can be changed and sent back with {@code PUT}; the runtime view
 * (status, admin state, requests in flight) is in {@code GET /v1/backends} and {@code /v1/stats}.
 * Server changes apply at once (as HAProxy's runtime endpoints do) and take no version; each
 * answers the new config version.
 */
final class BackendEndpoints {
  private final Dataplane dp;

  BackendEndpoints(Dataplane dp) {
    this.dp = dp;
  }

  /** {@code GET /v1/backends}: each backend with the runtime state of its servers. */
  WebResponse list(WebRequest r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StatsSnapshot.Backend b : dp.stats().backends()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", b.name());
      m.put("balance", b.balance());
      m.put("up", b.up());
      m.put("weight", b.weight());
      m.put("activeServers", b.activeServers());
      m.put("servers", b.servers().stream().map(BackendEndpoints::runtime).toList());
      out.add(m);
    }
    return ApiJson.ok(out);
  }

  /** {@code GET /v1/backends/{b}/servers}: the servers as the config file writes them. */
  WebResponse servers(WebRequest r) throws IOException {
    String name = r.param("backend");
    long version = dp.version();
    JsonNode tree = ConfigEndpoints.configTree(dp.config());
    for (JsonNode b : tree.path("backends")) {
      if (name.equals(b.path("name").asText())) {
        return ConfigEndpoints.versioned(ApiJson.ok(b.path("servers")), version);
      }
    }
    return noBackend(name);
  }

  /** {@code PUT /v1/backends/{b}/servers}: replaces the server set. */
  WebResponse replaceServers(WebRequest r) {
    String name = r.param("backend");
    if (dp.config().backend(name) == null) {
      return noBackend(name);
    }
    try {
      List<Server> servers = ConfigLoader.parseServers(r.bodyText(), dp.config(), name);
      long version = dp.setServers(name, servers);
      return ConfigEndpoints.versioned(ApiJson.ok(Map.of("version", version)), version);
    } catch (ConfigException e) {
      return ConfigEndpoints.invalid(e);
    }
  }

  /** {@code PATCH /v1/backends/{b}/servers/{s}}: {@code {"state": …, "weight": …}}. */
  WebResponse patchServer(WebRequest r) throws IOException {
    String backend = r.param("backend");
    String server = r.param("server");
    if (dp.server(backend, server) == null) {
      return dp.config().backend(backend) == null
          ? noBackend(backend)
          : ApiJson.error(
              HttpResponseStatus.NOT_FOUND, "no server " + server + " in backend " + backend);
    }
    JsonNode body;
    try {
      body = ApiJson.MAPPER.readTree(r.bodyText());
    } catch (JsonProcessingException e) {
      return ApiJson.error(
          HttpResponseStatus.BAD_REQUEST,
          "invalid JSON",
          List.of(new ConfigError("", "JSON syntax error: " + e.getOriginalMessage())));
    }
    List<ConfigError> errors = new ArrayList<>();
    AdminState state = null;
    Integer weight = null;
    if (body == null || !body.isObject() || body.isEmpty()) {
      errors.add(new ConfigError("", "expected: a map with state and/or weight"));
    } else {
      for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("state") && !k.equals("weight")) {
          errors.add(new ConfigError(k, "unknown key (expected: state, weight)"));
        }
      }
      if (body.has("state")) {
        state = adminState(body.get("state"));
        if (state == null) {
          errors.add(
              new ConfigError("state", body.get("state") + " (expected: ready, drain or maint)"));
        }
      }
      if (body.has("weight")) {
        JsonNode w = body.get("weight");
        if (w.isIntegralNumber()
            && w.canConvertToInt()
            && w.intValue() >= 0
            && w.intValue() <= Server.MAX_WEIGHT) {
          weight = w.intValue();
        } else {
          errors.add(new ConfigError("weight", w + " (expected: 0 to " + Server.MAX_WEIGHT + ")"));
        }
      }
    }
    if (!errors.isEmpty()) {
      return ApiJson.error(HttpResponseStatus.BAD_REQUEST, "invalid server change", errors);
    }
    try {
      if (weight != null) {
        dp.setWeight(backend, server, weight);
      }
      if (state != null) {
        dp.setAdminState(backend, server, state);
      }
    } catch (ConfigException e) {
      return ConfigEndpoints.invalid(e); // e.g. the server was deleted meanwhile
    }
    long version = dp.version();
    for (StatsSnapshot.Backend b : dp.stats().backends()) {
      if (b.name().equals(backend)) {
        for (StatsSnapshot.Server s : b.servers()) {
          if (s.name().equals(server)) {
            return ConfigEndpoints.versioned(ApiJson.ok(runtime(s)), version);
          }
        }
      }
    }
    return ApiJson.error(HttpResponseStatus.NOT_FOUND, "server removed meanwhile");
  }

  private static Map<String, Object> runtime(StatsSnapshot.Server s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("address", s.address());
    m.put("status", s.status());
    m.put("adminState", s.adminState());
    m.put("weight", s.weight());
    m.put("eligible", s.eligible());
    m.put("active", s.active());
    m.put("requests", s.requests());
    return m;
  }

  private static AdminState adminState(JsonNode v) {
    if (!v.isTextual()) {
      return null;
    }
    for (AdminState s : AdminState.values()) {
      if (s.configName().equals(v.asText())) {
        return s;
      }
    }
    return null;
  }

  private static WebResponse noBackend(String name) {
    return ApiJson.error(HttpResponseStatus.NOT_FOUND, "no backend named \"" + name + "\"");
  }
}
