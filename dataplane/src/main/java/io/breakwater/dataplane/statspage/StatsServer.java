package io.breakwater.dataplane.statspage;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.StatsPage;
import io.breakwater.dataplane.metrics.DataplaneMetrics;
import io.breakwater.dataplane.stats.StatCsv;
import io.breakwater.dataplane.stats.StatJson;
import io.breakwater.dataplane.web.BasicAuth;
import io.breakwater.dataplane.web.Handler;
import io.breakwater.dataplane.web.Router;
import io.breakwater.dataplane.web.WebResponse;
import io.breakwater.dataplane.web.WebServer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * The stats listener ({@code global.stats}):
 *
 * <ul>
 *   <li>{@code GET /stats} the HTML page, refreshed every {@code refresh}; {@code /stats;norefresh}
 *       without refresh; {@code /stats;csv} and {@code /stats;json} the same data as the Runtime
 *       API's {@code show stat};
 *   <li>{@code POST /stats} (admin mode only) sets the checked servers' state;
 *   <li>{@code GET /metrics} Prometheus metrics ({@link DataplaneMetrics});
 *   <li>{@code GET /healthz} 200 while the process runs; {@code GET /readyz} 200 while {@link
 *       #setReady ready} and the dataplane runs a real config ({@code Dataplane.ready()}: false
 *       after {@code --wait-for-config} until the first whole-config apply), else 503.
 * </ul>
 *
 * <p>With {@code user} set, the {@code /stats} routes need HTTP Basic credentials (401 and {@code
 * WWW-Authenticate} without); metrics and probes never do, as scrapers and kubelets carry none.
 * Admin mode needs {@code user}: see {@link AdminForm} for how a change is guarded.
 */
public final class StatsServer implements AutoCloseable {
  /** The Basic-auth realm browsers show. */
  public static final String REALM = "Breakwater Statistics";

  private final WebServer server;
  private volatile boolean ready = true;

  private StatsServer(Dataplane dp, StatsPage config) {
    BasicAuth auth =
        config.user() == null ? null : new BasicAuth(REALM, config.user(), config.password());
    DataplaneMetrics metrics = new DataplaneMetrics(dp);
    long refresh = config.refresh().toSeconds();
    Router.Builder routes =
        Router.builder()
            .get("/stats", guarded(auth, r -> page(dp, refresh, config.admin(), r.query("st"))))
            .get("/stats;norefresh", guarded(auth, r -> page(dp, 0, config.admin(), null)))
            .get(
                "/stats;csv",
                guarded(
                    auth,
                    r ->
                        WebResponse.of(
                            HttpResponseStatus.OK,
                            "text/csv; charset=utf-8",
                            bytes(StatCsv.render(dp.stats())))))
            .get(
                "/stats;json",
                guarded(
                    auth,
                    r -> WebResponse.json(HttpResponseStatus.OK, StatJson.render(dp.stats()))))
            .get(
                "/metrics",
                r -> {
                  DataplaneMetrics.Exposition e = metrics.scrape(r.header(HttpHeaderNames.ACCEPT));
                  return WebResponse.of(HttpResponseStatus.OK, e.contentType(), e.body());
                })
            .get("/healthz", r -> WebResponse.text(HttpResponseStatus.OK, "ok"))
            .get(
                "/readyz",
                r ->
                    ready && dp.ready()
                        ? WebResponse.text(HttpResponseStatus.OK, "ready")
                        : WebResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready"));
    if (config.admin()) {
      routes.post("/stats", guarded(auth, new AdminForm(dp)::handle));
    }
    this.server =
        WebServer.start("stats", config.listen(), routes.build(), WebServer.DEFAULT_MAX_BODY);
  }

  /**
   * Starts serving.
   *
   * @throws IllegalArgumentException when {@code admin} is on without {@code user}, or {@code user}
   *     has no {@code password}
   * @throws IllegalStateException when the address cannot be bound
   */
  public static StatsServer start(Dataplane dp, StatsPage config) {
    if (config.admin() && config.user() == null) {
      throw new IllegalArgumentException(
          "stats.admin: true (expected: false unless stats.user is set)");
    }
    if (config.user() != null && config.password() == null) {
      throw new IllegalArgumentException(
          "stats.password: missing (expected: set when stats.user is)");
    }
    return new StatsServer(dp, config);
  }

  /**
   * Whether {@code /readyz} answers 200 (the default) or 503: lets the controller hold traffic off
   * until it has pushed its first full config.
   */
  public void setReady(boolean ready) {
    this.ready = ready;
  }

  public boolean isReady() {
    return ready;
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  private static WebResponse page(Dataplane dp, long refresh, boolean admin, String status) {
    return WebResponse.html(
        StatsHtml.render(
            dp.stats(), new StatsHtml.Options(refresh, admin, AdminForm.banner(status))));
  }

  private static Handler guarded(BasicAuth auth, Handler h) {
    if (auth == null) {
      return h;
    }
    return r -> auth.accepts(r) ? h.handle(r) : auth.challenge();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
