package io.breakwater.dataplane.statspage;

import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.web.WebRequest;
import io.breakwater.dataplane.web.WebResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin form's POST: {@code b=<backend>&s=<server>&s=…&action=ready|drain|maint} sets each
 * checked server's admin state through {@link Dataplane#setAdminState}, then redirects (303) to the
 * page with a result code, so a reload does not post again.
 *
 * <p>Guarding, enough for an internal tool: the route exists only in admin mode, which requires
 * Basic auth, and the caller has checked the credentials. A state change is only ever a POST, so a
 * link or an image cannot make one. Because browsers resend Basic credentials to a cross-site form
 * post, the request is also refused (403) when its {@code Origin} (or, without one, its {@code
 * Referer}) names another host than {@code Host}, as HAProxy does.
 */
final class AdminForm {
  private static final Map<String, String> BANNERS =
      Map.of(
          "done", "Action processed successfully.",
          "none", "Nothing has changed: no server was checked.",
          "unknown", "Action not processed: no such backend or server.",
          "badaction", "Action not processed: unknown action.");

  private final Dataplane dp;

  AdminForm(Dataplane dp) {
    this.dp = dp;
  }

  WebResponse handle(WebRequest r) {
    if (crossSite(r)) {
      return WebResponse.text(HttpResponseStatus.FORBIDDEN, "403 cross-site form post refused");
    }
    Map<String, List<String>> form = new QueryStringDecoder(r.bodyText(), false).parameters();
    String backend = first(form, "b");
    List<String> servers = form.getOrDefault("s", List.of());
    AdminState state = state(first(form, "action"));
    String result;
    if (state == null) {
      result = "badaction";
    } else if (backend == null || servers.isEmpty()) {
      result = "none";
    } else {
      result = "done";
      for (String s : servers) {
        try {
          dp.setAdminState(backend, s, state);
        } catch (ConfigException e) {
          result = "unknown";
        }
      }
    }
    return WebResponse.text(HttpResponseStatus.SEE_OTHER, "303 see /stats?st=" + result)
        .withHeader(HttpHeaderNames.LOCATION.toString(), "/stats?st=" + result);
  }

  /** The page's banner for a result code, or null for none or an unknown one. */
  static String banner(String code) {
    return code == null ? null : BANNERS.get(code);
  }

  private static AdminState state(String action) {
    if (action == null) {
      return null;
    }
    for (AdminState s : AdminState.values()) {
      if (s.configName().equals(action.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }

  private static boolean crossSite(WebRequest r) {
    String host = r.header(HttpHeaderNames.HOST);
    String origin = r.header(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      origin = r.header(HttpHeaderNames.REFERER);
    }
    if (origin == null || host == null) {
      return false;
    }
    try {
      URI u = URI.create(origin);
      String authority = u.getRawAuthority();
      return authority == null || !authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
