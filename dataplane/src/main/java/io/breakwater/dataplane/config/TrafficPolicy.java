package io.breakwater.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a route does to the requests it matches, besides sending them to its backend: header rules,
 * rewrites and redirects, client address lists, rate limiting, CORS, mirroring, a body limit and a
 * client timeout. A frontend's policy holds the defaults of its routes; {@link #over} merges a
 * route's own policy over them. Each component is {@code null} when it is not written at that
 * level.
 *
 * <p>The model keeps what each level wrote, not the merged result, so that a configuration reads,
 * validates and writes back level by level; the proxy merges when it compiles a route.
 *
 * @param requestHeaders changes to the request before it is sent on
 * @param responseHeaders changes to the response before it is sent to the client
 * @param rewrite path and host rewriting
 * @param redirect answer with a redirect instead of forwarding
 * @param sslRedirect redirect plain-HTTP requests to HTTPS with 308
 * @param hsts add {@code Strict-Transport-Security} to answers to HTTPS requests
 * @param allowList CIDR ranges whose clients are allowed (others get 403); empty = no list
 * @param denyList CIDR ranges whose clients get 403; empty = no list
 * @param rateLimit per-client rate limit
 * @param cors cross-origin resource sharing, preflights answered here
 * @param mirror copies of some requests to a shadow backend
 * @param maxBodySize the largest request body in bytes, larger gets 413; 0 = no limit
 * @param clientTimeout the client inactivity timeout once a request is routed here (its body, and a
 *     response the client stops reading), in place of the frontend's {@code timeouts.client}
 */
public record TrafficPolicy(
    HeaderRules requestHeaders,
    HeaderRules responseHeaders,
    Rewrite rewrite,
    Redirect redirect,
    Boolean sslRedirect,
    Hsts hsts,
    List<String> allowList,
    List<String> denyList,
    RateLimit rateLimit,
    Cors cors,
    Mirror mirror,
    Integer maxBodySize,
    Duration clientTimeout) {

  /** Nothing written. */
  public static final TrafficPolicy NONE =
      new TrafficPolicy(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

  public TrafficPolicy {
    allowList = allowList == null ? null : List.copyOf(allowList);
    denyList = denyList == null ? null : List.copyOf(denyList);
  }

  /** Whether nothing is written. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * This (a route's own) policy over {@code defaults} (its frontend's): header rules add up, the
   * frontend's running first; every other component is the route's when the route writes it, else
   * the frontend's.
   */
  public TrafficPolicy over(TrafficPolicy defaults) {
    return new TrafficPolicy(
        HeaderRules.concat(defaults.requestHeaders, requestHeaders),
        HeaderRules.concat(defaults.responseHeaders, responseHeaders),
        or(rewrite, defaults.rewrite),
        or(redirect, defaults.redirect),
        or(sslRedirect, defaults.sslRedirect),
        or(hsts, defaults.hsts),
        or(allowList, defaults.allowList),
        or(denyList, defaults.denyList),
        or(rateLimit, defaults.rateLimit),
        or(cors, defaults.cors),
        or(mirror, defaults.mirror),
        or(maxBodySize, defaults.maxBodySize),
        or(clientTimeout, defaults.clientTimeout));
  }

  private static <T> T or(T mine, T inherited) {
    return mine != null ? mine : inherited;
  }

  /** One header: a name and a value, which may use variables ({@link HeaderTemplate}). */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Header changes, applied in this order: {@code remove}, then {@code set} (replacing any value of
   * the name), then {@code add} (appending a field).
   */
  public record HeaderRules(List<Header> set, List<Header> add, List<String> remove) {
    public static final HeaderRules NONE = new HeaderRules(List.of(), List.of(), List.of());

    public HeaderRules {
      set = List.copyOf(set);
      add = List.copyOf(add);
      remove = List.copyOf(remove);
    }

    /** {@code first}'s rules, then {@code then}'s; either may be null. */
    static HeaderRules concat(HeaderRules first, HeaderRules then) {
      if (first == null || then == null) {
        return first == null ? then : first;
      }
      return new HeaderRules(
          concat(first.set, then.set),
          concat(first.add, then.add),
          concat(first.remove, then.remove));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() ? b : a;
      }
      java.util.ArrayList<T> out = new java.util.ArrayList<>(a);
      out.addAll(b);
      return out;
    }
  }

  /**
   * Path and host rewriting before the request is sent on. At most one of {@code prefix} and {@code
   * regex}.
   *
   * @param enabled false turns off a rewrite the frontend sets
   * @param prefix replaces the part of the path the route matched (the whole path for an Exact
   *     route); {@code null} = none
   * @param regex a regular expression searched in the path; when it is found the path becomes
   *     {@code replacement}, with {@code $1}… standing for its groups
   * @param replacement the new path for {@code regex}
   * @param host the new {@code Host}; {@code null} = unchanged
   */
  public record Rewrite(
      boolean enabled, String prefix, String regex, String replacement, String host) {}

  /**
   * A redirect answered instead of forwarding; the parts not given keep the request's.
   *
   * @param enabled false turns off a redirect the frontend sets
   * @param scheme {@code http} or {@code https}; {@code null} = the request's
   * @param host the new host; {@code null} = the request's
   * @param port the new port; {@code null} = the request's when the scheme stays, else the scheme's
   *     default
   * @param path the new path, the query string kept; {@code null} = the request's
   * @param status 301, 302, 307 or 308
   */
  public record Redirect(
      boolean enabled, String scheme, String host, Integer port, String path, int status) {
    public static final int DEFAULT_STATUS = 302;
  }

  /**
   * HTTP Strict Transport Security (RFC 6797), sent only on answers to HTTPS requests.
   *
   * @param maxAge how long browsers remember to use HTTPS only
   */
  public record Hsts(boolean enabled, Duration maxAge, boolean includeSubDomains, boolean preload) {
    /** One year, as most deployments use. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);

    public Hsts {
      Objects.requireNonNull(maxAge, "maxAge");
    }
  }

  /**
   * A token bucket per client: {@code rate} requests per {@code period}, bursts of up to {@code
   * burst}; beyond it {@code status} with {@code Retry-After}.
   *
   * @param header the request header whose value identifies a client; {@code null} = the client's
   *     IP address (also used when a request lacks the header)
   */
  public record RateLimit(
      boolean enabled, int rate, Duration period, int burst, String header, int status) {
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    public static final int DEFAULT_STATUS = 429;

    public RateLimit {
      Objects.requireNonNull(period, "period");
    }
  }

  /**
   * Cross-origin resource sharing: preflight requests are answered here, other requests from an
   * allowed origin get the {@code Access-Control-Allow-*} headers on their response.
   *
   * @param allowOrigins {@code *}, exact origins ({@code https://a.example.com}) or wildcards
   *     ({@code https://*.example.com}: any subdomain)
   * @param maxAge how long a preflight answer may be cached; {@code null} = not said
   */
  public record Cors(
      boolean enabled,
      List<String> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      boolean allowCredentials,
      Duration maxAge) {
    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST");

    public Cors {
      allowOrigins = List.copyOf(allowOrigins);
      allowMethods = List.copyOf(allowMethods);
      allowHeaders = List.copyOf(allowHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
    }
  }

  /**
   * Copies of a share of requests sent to a shadow backend, whose answers are discarded.
   *
   * @param percent share of requests mirrored, 0..100
   * @param bodyLimit requests with a longer body are not mirrored
   */
  public record Mirror(boolean enabled, String backend, double percent, int bodyLimit) {
    public static final int DEFAULT_BODY_LIMIT = 64 * 1024;

    public Mirror {
      Objects.requireNonNull(backend, "backend");
    }
  }
}
