package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The stats listener: {@code /stats} (HTML, {@code ;csv}, {@code ;json}), {@code /metrics}, {@code
 * /healthz}, {@code /readyz}.
 *
 * @param listen the address to bind
 * @param refresh the HTML page's refresh interval (default 10s)
 * @param user basic-auth user for {@code /stats}, or null for no auth
 * @param password basic-auth password, or null
 * @param admin allow setting server state from the page (needs auth)
 */
public record StatsPage(
    HostPort listen, Duration refresh, String user, String password, boolean admin) {

  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);

  public StatsPage {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(refresh, "refresh");
  }
}
