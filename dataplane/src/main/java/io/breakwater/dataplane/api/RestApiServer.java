package io.breakwater.dataplane.api;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.DataplaneApi;
import io.breakwater.dataplane.stats.StatsSnapshot;
import io.breakwater.dataplane.web.Handler;
import io.breakwater.dataplane.web.Router;
import io.breakwater.dataplane.web.WebResponse;
import io.breakwater.dataplane.web.WebServer;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The REST Data Plane API ({@code global.dataplaneApi}); {@code GET /v1/openapi.json} describes
 * every route. Requests need {@code Authorization: Bearer <token>} with the token of {@code
 * tokenFile}; without a token file (allowed only on a loopback address) they need nothing.
 */
public final class RestApiServer implements AutoCloseable {
  /** Largest request body (a whole config): {@value} bytes. */
  public static final int MAX_BODY = 4 << 20;

  static final String OPENAPI_RESOURCE = "openapi.json";

  private final WebServer server;

  private RestApiServer(WebServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @throws IllegalArgumentException when the token file is missing on a non-loopback address,
   *     unreadable or empty
   * @throws IllegalStateException when the address cannot be bound
   */
  public static RestApiServer start(Dataplane dp, DataplaneApi config) {
    BearerAuth auth = BearerAuth.of(config);
    Router router = router(dp, h -> auth == null ? h : auth.guard(h));
    return new RestApiServer(WebServer.start("dataplane-api", config.listen(), router, MAX_BODY));
  }

  /**
   * The routes, each wrapped by {@code guard}; those that change state are also audited ({@link
   * AuditedHandler}), outside the guard so that refused attempts are logged too.
   */
  static Router router(Dataplane dp, UnaryOperator<Handler> guard) {
    ConfigEndpoints config = new ConfigEndpoints(dp);
    BackendEndpoints backends = new BackendEndpoints(dp);
    byte[] openapi = openapi();
    return Router.builder()
        .get("/v1/config", guard.apply(config::get))
        .put("/v1/config", AuditedHandler.of(dp, guard.apply(config::put)))
        .get("/v1/backends", guard.apply(backends::list))
        .get("/v1/backends/{backend}/servers", guard.apply(backends::servers))
        .put(
            "/v1/backends/{backend}/servers",
            AuditedHandler.of(dp, guard.apply(backends::replaceServers)))
        .patch(
            "/v1/backends/{backend}/servers/{server}",
            AuditedHandler.showingBody(dp, guard.apply(backends::patchServer)))
        .get("/v1/stats", guard.apply(r -> ApiJson.ok(dp.stats())))
        .get("/v1/info", guard.apply(r -> ApiJson.ok(info(dp.stats().info()))))
        .get(
            "/v1/openapi.json",
            guard.apply(r -> WebResponse.of(HttpResponseStatus.OK, WebResponse.JSON, openapi)))
        .build();
  }

  private static Map<String, Object> info(StatsSnapshot.Info i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("api", "v1");
    m.put("version", i.version());
    m.put("pid", i.pid());
    m.put("startedAt", Instant.ofEpochMilli(i.startedAtMillis()).toString());
    m.put("uptimeSeconds", Math.max(0, (System.currentTimeMillis() - i.startedAtMillis()) / 1000));
    m.put("configVersion", i.configVersion());
    m.put("configAppliedAt", Instant.ofEpochMilli(i.configAppliedAtMillis()).toString());
    m.put("transport", i.transport());
    m.put("workers", i.workers());
    m.put("connections", i.connections());
    m.put("maxconn", i.maxconn());
    return m;
  }

  static byte[] openapi() {
    try (InputStream in = RestApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
