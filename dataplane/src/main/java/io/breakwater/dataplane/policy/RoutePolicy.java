package io.breakwater.dataplane.policy;

import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.breakwater.dataplane.stats.ProxyErrorKind;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

/**
 * A route's traffic policy (its own over its frontend's) compiled for the request path. Built by
 * {@link #compile}, which returns {@code null} when nothing is on, so the proxy skips policy work
 * with one null check. Immutable but for the rate limiter's table, which is lock-free.
 *
 * <p>On a request the steps run in this order, the first answer winning: deny and allow lists
 * (403), rate limit (429), {@code sslRedirect} (308), redirect, CORS preflight (204), body limit by
 * {@code Content-Length} (413); then the request is changed: rewrite, then header rules. On the
 * response: header rules, HSTS (HTTPS only), CORS fields.
 */
public final class RoutePolicy {
  static final AsciiString RETRY_AFTER = HttpHeaderNames.RETRY_AFTER;
  static final AsciiString STRICT_TRANSPORT_SECURITY =
      AsciiString.cached("strict-transport-security");

  private final HeaderOps requestHeaders;
  private final HeaderOps responseHeaders;
  private final PathRewrite rewrite;
  private final String hostRewrite;
  private final TrafficPolicy.Redirect redirect;
  private final boolean sslRedirect;
  private final String hsts;
  private final AddressSet allow;
  private final AddressSet deny;
  private final RateLimiter limiter;
  private final CorsRules cors;
  private final long maxBodySize;
  private final long clientNanos;

  private RoutePolicy(TrafficPolicy p, String routePath, PathType type) {
    requestHeaders = HeaderOps.of(p.requestHeaders());
    responseHeaders = HeaderOps.of(p.responseHeaders());
    TrafficPolicy.Rewrite rw = p.rewrite();
    rewrite = PathRewrite.of(rw, routePath, type);
    hostRewrite = rw != null && rw.enabled() ? rw.host() : null;
    redirect = p.redirect() != null && p.redirect().enabled() ? p.redirect() : null;
    sslRedirect = Boolean.TRUE.equals(p.sslRedirect());
    hsts = p.hsts() != null && p.hsts().enabled() ? hstsValue(p.hsts()) : null;
    AddressSet a = AddressSet.of(p.allowList());
    allow = a == null || a.isEmpty() ? null : a;
    AddressSet d = AddressSet.of(p.denyList());
    deny = d == null || d.isEmpty() ? null : d;
    limiter =
        p.rateLimit() != null && p.rateLimit().enabled() ? new RateLimiter(p.rateLimit()) : null;
    cors = CorsRules.of(p.cors());
    maxBodySize = p.maxBodySize() == null ? 0 : p.maxBodySize();
    clientNanos = p.clientTimeout() == null ? 0 : p.clientTimeout().toNanos();
  }

  /**
   * The merged policy {@code p} compiled for a route with {@code routePath} and {@code type} (both
   * null for a frontend's default backend), or null when it turns nothing on.
   */
  public static RoutePolicy compile(TrafficPolicy p, String routePath, PathType type) {
    if (p == null || p.isEmpty()) {
      return null;
    }
    RoutePolicy c = new RoutePolicy(p, routePath, type);
    return c.isNoop() ? null : c;
  }

  private boolean isNoop() {
    return requestHeaders == null
        && responseHeaders == null
        && rewrite == null
        && hostRewrite == null
        && redirect == null
        && !sslRedirect
        && hsts == null
        && allow == null
        && deny == null
        && limiter == null
        && cors == null
        && maxBodySize == 0
        && clientNanos == 0;
  }

  /** The client timeout of requests routed here in nanoseconds, 0 = the frontend's. */
  public long clientNanos() {
    return clientNanos;
  }

  /** The largest request body allowed, 0 = no limit. */
  public long maxBodySize() {
    return maxBodySize;
  }

  /** Whether responses need CORS handling, so the request's {@code Origin} must be kept. */
  public boolean hasCors() {
    return cors != null;
  }

  /**
   * Checks a request and, when it passes, changes it for the server.
   *
   * @param client the client address as 128 bits ({@link AddressSet#bits})
   * @param now the event loop's ticker, nanoseconds
   * @return null to forward the request, or the answer to give instead
   */
  public Answer onRequest(HttpRequest req, ExchangeVars v, long[] client, long now) {
    if (deny != null && deny.contains(client)) {
      return new Answer(ProxyErrorKind.DENIED, 403, null);
    }
    if (allow != null && !allow.contains(client)) {
      return new Answer(ProxyErrorKind.DENIED, 403, null);
    }
    HttpHeaders h = req.headers();
    if (limiter != null) {
      String key = limiter.header() == null ? null : h.get(limiter.header());
      long wait = limiter.acquire(key == null ? v.clientIp : key, now);
      if (wait > 0) {
        HttpHeaders extra = new DefaultHttpHeaders();
        extra.set(RETRY_AFTER, Long.toString(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L)));
        return new Answer(ProxyErrorKind.RATE_LIMITED, limiter.status(), extra);
      }
    }
    if (sslRedirect && !"https".equals(v.scheme)) {
      return redirect(308, Redirects.https(h.get(HttpHeaderNames.HOST), req.uri()));
    }
    if (redirect != null) {
      return redirect(
          redirect.status(),
          Redirects.location(redirect, v.scheme, h.get(HttpHeaderNames.HOST), req.uri()));
    }
    if (cors != null) {
      String origin = h.get(HttpHeaderNames.ORIGIN);
      v.origin = origin;
      if (origin != null && CorsRules.isPreflight(req)) {
        HttpHeaders extra = new DefaultHttpHeaders();
        cors.preflight(origin, h, extra);
        return new Answer(null, 204, extra);
      }
    }
    if (maxBodySize > 0 && HttpUtil.getContentLength(req, 0L) > maxBodySize) {
      return new Answer(ProxyErrorKind.BODY_TOO_LARGE, 413, null);
    }
    if (rewrite != null) {
      String uri = req.uri();
      if (!uri.isEmpty() && uri.charAt(0) == '/') {
        req.setUri(rewrite.apply(uri));
      }
    }
    if (hostRewrite != null) {
      h.set(HttpHeaderNames.HOST, hostRewrite);
    }
    if (requestHeaders != null) {
      requestHeaders.apply(h, v);
    }
    return null;
  }

  /** Changes a response head before it goes to the client. */
  public void onResponse(HttpHeaders h, ExchangeVars v) {
    if (responseHeaders != null) {
      responseHeaders.apply(h, v);
    }
    if (hsts != null && "https".equals(v.scheme)) {
      h.set(STRICT_TRANSPORT_SECURITY, hsts);
    }
    if (cors != null) {
      cors.response(v.origin, h);
    }
  }

  private static Answer redirect(int status, String location) {
    HttpHeaders extra = new DefaultHttpHeaders();
    extra.set(HttpHeaderNames.LOCATION, location);
    return new Answer(null, status, extra);
  }

  private static String hstsValue(TrafficPolicy.Hsts h) {
    StringBuilder b = new StringBuilder("max-age=").append(h.maxAge().toSeconds());
    if (h.includeSubDomains()) {
      b.append("; includeSubDomains");
    }
    if (h.preload()) {
      b.append("; preload");
    }
    return b.toString();
  }
}
