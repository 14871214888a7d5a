package io.breakwater.dataplane.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a config as a JSON document in the config file's schema.
 *
 * <p>TEMPORARY placeholder for the REST API's {@code GET /v1/config}: the real writer, written in
 * parallel, replaces this file at merge. It writes only what the operator endpoints' tests need
 * (global scalars, defaults without policy, frontends with routes, backends with servers and
 * timeouts); resilience policies, faults and health checks are left out.
 */
public final class ConfigWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigWriter() {}

  /** The config as JSON that {@link ConfigLoader#parse} reads back. */
  public static String toJson(Config c) {
    ObjectNode root = JSON.createObjectNode();
    Global g = c.global();
    root.putObject("global")
        .put("workers", g.workers())
        .put("maxconn", g.maxconn())
        .put("transport", g.transport().configName())
        .put("shutdownGrace", Durations.format(g.shutdownGrace()));
    ObjectNode d = root.putObject("defaults");
    timeouts(d.putObject("timeouts"), c.defaults().timeouts());
    d.put("balance", c.defaults().balance().configName())
        .put("maxconn", c.defaults().maxconn())
        .put("maxqueue", c.defaults().maxqueue());
    ArrayNode frontends = root.putArray("frontends");
    for (Frontend f : c.frontends()) {
      ObjectNode o = frontends.addObject().put("name", f.name()).put("listen", f.listen().format());
      if (f.defaultBackend() != null) {
        o.put("defaultBackend", f.defaultBackend());
      }
      timeouts(o.putObject("timeouts"), f.timeouts());
      ArrayNode routes = o.putArray("routes");
      for (Route r : f.routes()) {
        ObjectNode ro = routes.addObject();
        if (r.host() != null) {
          ro.put("host", r.host());
        }
        ro.put("path", r.path()).put("pathType", r.pathType().configName());
        ro.put("backend", r.backend());
      }
    }
    ArrayNode backends = root.putArray("backends");
    for (Backend b : c.backends()) {
      ObjectNode o =
          backends
              .addObject()
              .put("name", b.name())
              .put("balance", b.balance().configName())
              .put("maxqueue", b.maxqueue());
      timeouts(o.putObject("timeouts"), b.timeouts());
      ArrayNode servers = o.putArray("servers");
      for (Server s : b.servers()) {
        servers
            .addObject()
            .put("name", s.name())
            .put("address", s.address().format())
            .put("weight", s.weight())
            .put("maxconn", s.maxconn())
            .put("initialState", s.initialState().configName());
      }
    }
    return root.toPrettyString();
  }

  private static void timeouts(ObjectNode o, Timeouts t) {
    o.put("connect", Durations.format(t.connect()))
        .put("client", Durations.format(t.client()))
        .put("server", Durations.format(t.server()))
        .put("httpRequest", Durations.format(t.httpRequest()))
        .put("httpKeepAlive", Durations.format(t.httpKeepAlive()))
        .put("queue", Durations.format(t.queue()))
        .put("tunnel", Durations.format(t.tunnel()))
        .put("poolIdle", Durations.format(t.poolIdle()));
  }
}
