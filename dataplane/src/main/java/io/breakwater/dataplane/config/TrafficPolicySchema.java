package io.breakwater.dataplane.config;

import static io.breakwater.dataplane.config.ConfigSchema.bool;
import static io.breakwater.dataplane.config.ConfigSchema.duration;
import static io.breakwater.dataplane.config.ConfigSchema.enumeration;
import static io.breakwater.dataplane.config.ConfigSchema.integer;
import static io.breakwater.dataplane.config.ConfigSchema.list;
import static io.breakwater.dataplane.config.ConfigSchema.lit;
import static io.breakwater.dataplane.config.ConfigSchema.map;
import static io.breakwater.dataplane.config.ConfigSchema.number;
import static io.breakwater.dataplane.config.ConfigSchema.string;
import static io.breakwater.dataplane.config.ConfigSchema.strings;

import io.breakwater.dataplane.config.ConfigSchema.Section;
import java.util.List;

/**
 * The keys of the traffic policy ({@code policy} of a frontend or route), a route's {@code split}
 * and a frontend's {@code requestId}: part of {@link ConfigSchema}, kept apart only for length.
 * Each section is documented once, under {@code frontends[].routes[]}.
 */
final class TrafficPolicySchema {

  private TrafficPolicySchema() {}

  /** {@code enabled} of a policy map, which writing turns on. */
  private static ConfigSchema.Key on(String feature) {
    return bool(
        "enabled", lit(true), "`false` on a route turns off the frontend's " + feature + ".");
  }

  /** The redirect statuses allowed. */
  static final List<Integer> REDIRECT_STATUSES = List.of(301, 302, 307, 308);

  static final int MAX_MIRROR_BODY = 16 * 1024 * 1024;

  static final Section HEADER =
      new Section(
          "frontends[].routes[].policy.requestHeaders.set[]",
          "One header field: a name and a value.",
          List.of(
              string("name", true, null, "Field name, an HTTP token such as `X-Team`."),
              string(
                  "value",
                  true,
                  null,
                  "Field value. May use the variables `${client_ip}`, `${request_id}`, `${host}`"
                      + " (without port) and `${scheme}` (`http` or `https`); `$$` is a `$`.")));

  static final Section HEADER_RULES =
      new Section(
          "frontends[].routes[].policy.requestHeaders",
          "Changes to header fields: `remove` first, then `set`, then `add`. The same keys serve"
              + " `responseHeaders`. A route's rules run after its frontend's.",
          List.of(
              list(
                  "set",
                  HEADER,
                  "Fields set, replacing any field of the same name; the framing and hop-by-hop"
                      + " fields (`Content-Length`, `Transfer-Encoding`, `Connection`, …) and"
                      + " `Host` (see `rewrite.host`) cannot be set."),
              list("add", HEADER, "Fields added, after any of the same name."),
              strings("remove", "none", "Names of fields removed.")));

  static final Section REWRITE =
      new Section(
          "frontends[].routes[].policy.rewrite",
          "Rewrites the request before it is sent on; the query string is kept. At most one of"
              + " `prefix` and `regex`. Writing the map turns it on.",
          List.of(
              on("rewrite"),
              string(
                  "prefix",
                  false,
                  "none",
                  "Replaces the part of the path the route matched (its `path`; the whole path for"
                      + " an `Exact` route): with `prefix: /v2`, route `/api` sends `/api/users`"
                      + " as `/v2/users`."),
              string(
                  "regex",
                  false,
                  "none",
                  "A Java regular expression searched in the path; where it is found the path"
                      + " becomes `replacement`. Not found: unchanged."),
              string(
                  "replacement",
                  false,
                  "none; **required** with `regex`",
                  "The new path for `regex`, starting with `/`; `$1`…`$9` stand for its"
                      + " groups, as in Ingress-NGINX's `rewrite-target`."),
              string("host", false, "unchanged", "The `Host` header sent to the server.")));

  static final Section REDIRECT =
      new Section(
          "frontends[].routes[].policy.redirect",
          "Answers the request with a redirect instead of forwarding it; the parts not given are"
              + " the request's, and the query string is kept. Writing the map turns it on.",
          List.of(
              on("redirect"),
              enumeration(
                  "scheme",
                  List.of("http", "https"),
                  "the request's",
                  "Scheme of the new location."),
              string("host", false, "the request's", "Host of the new location."),
              integer(
                  "port",
                  1,
                  65535,
                  "the request's; the new scheme's default when `scheme` changes it",
                  "Port of the new location."),
              string("path", false, "the request's", "Path of the new location, from `/`."),
              integer(
                  "status",
                  301,
                  308,
                  lit(TrafficPolicy.Redirect.DEFAULT_STATUS),
                  "301, 302, 307 or 308.")));

  static final Section HSTS =
      new Section(
          "frontends[].routes[].policy.hsts",
          "HTTP Strict Transport Security: adds `Strict-Transport-Security` to every answer to an"
              + " HTTPS request (never to plain HTTP, as RFC 6797 says). Writing the map turns it"
              + " on.",
          List.of(
              on("HSTS"),
              duration(
                  "maxAge",
                  false,
                  lit(Durations.format(TrafficPolicy.Hsts.DEFAULT_MAX_AGE)),
                  "How long browsers keep to HTTPS (`max-age`, in whole seconds); `0s` tells"
                      + " them to forget."),
              bool("includeSubDomains", lit(false), "Also for every subdomain."),
              bool("preload", lit(false), "Ask to be put on browsers' preload lists.")));

  static final Section RATE_LIMIT =
      new Section(
          "frontends[].routes[].policy.rateLimit",
          "A token bucket per client, on each dataplane replica; see"
              + " [docs/traffic-policy.md](traffic-policy.md#rate-limiting). Writing the map turns"
              + " it on.",
          List.of(
              on("rate limit"),
              integer(
                  "rate",
                  1,
                  Integer.MAX_VALUE,
                  "**required** unless `enabled: false`",
                  "Requests per `period` each client may make, on average."),
              duration(
                  "period",
                  true,
                  lit(Durations.format(TrafficPolicy.RateLimit.DEFAULT_PERIOD)),
                  "The period of `rate`: `1s` for requests per second, `1m` per minute."),
              integer(
                  "burst",
                  1,
                  Integer.MAX_VALUE,
                  "`rate`",
                  "Requests a client may make at once after being idle: the bucket's size."),
              string(
                  "header",
                  false,
                  "none: the client's IP address",
                  "A request header whose value identifies the client (an API key); requests"
                      + " without it are counted by IP address."),
              integer(
                  "status",
                  400,
                  599,
                  lit(TrafficPolicy.RateLimit.DEFAULT_STATUS),
                  "The answer to a request over the limit, with `Retry-After`.")));

  static final Section CORS =
      new Section(
          "frontends[].routes[].policy.cors",
          "Cross-origin resource sharing: preflight requests (`OPTIONS` with `Origin` and"
              + " `Access-Control-Request-Method`) are answered here with 204; answers to other"
              + " requests from an allowed origin get `Access-Control-Allow-Origin`. Writing the"
              + " map turns it on.",
          List.of(
              on("CORS"),
              strings(
                  "allowOrigins",
                  lit("[\"*\"]"),
                  "Origins allowed: `*` (any), exact (`https://app.example.com`) or with a"
                      + " wildcard host (`https://*.example.com`: any subdomain)."),
              strings("allowMethods", lit("[GET, HEAD, POST]"), "Methods a preflight may ask for."),
              strings(
                  "allowHeaders",
                  "none",
                  "Request headers a preflight may ask for; `*` allows any."),
              strings("exposeHeaders", "none", "Response headers scripts may read."),
              bool(
                  "allowCredentials",
                  lit(false),
                  "Allow cookies and credentials; needs explicit origins, not `*`."),
              duration(
                  "maxAge",
                  false,
                  "not sent",
                  "How long a browser may cache a preflight answer (whole seconds).")));

  static final Section MIRROR =
      new Section(
          "frontends[].routes[].policy.mirror",
          "Sends a copy of some requests to a shadow backend and discards its answers; the"
              + " client's request is never delayed or failed by it. Writing the map turns it on.",
          List.of(
              on("mirror"),
              string(
                  "backend", false, "**required** unless `enabled: false`", "The shadow backend."),
              number("percent", 0, 100, lit(100), "Share of requests mirrored, in percent."),
              integer(
                  "bodyLimit",
                  0,
                  MAX_MIRROR_BODY,
                  lit(TrafficPolicy.Mirror.DEFAULT_BODY_LIMIT),
                  "Requests with a longer body (in bytes) are not mirrored.")));

  static final Section POLICY =
      new Section(
          "frontends[].routes[].policy",
          "What a route does to requests besides sending them on; see"
              + " [docs/traffic-policy.md](traffic-policy.md). A frontend's `policy` has the same"
              + " keys and is the default of its routes: header rules add up (the frontend's"
              + " first), every other key of a route replaces the frontend's.",
          List.of(
              map("requestHeaders", HEADER_RULES, "Changes to the request's header fields."),
              map("responseHeaders", HEADER_RULES, "Changes to the response's header fields."),
              map("rewrite", REWRITE, "Path and host rewriting."),
              map("redirect", REDIRECT, "Answer with a redirect."),
              bool(
                  "sslRedirect",
                  lit(false),
                  "Answer plain-HTTP requests with a 308 redirect to the same URL over HTTPS."),
              map("hsts", HSTS, "Strict-Transport-Security on answers to HTTPS requests."),
              strings(
                  "allowList",
                  "none",
                  "Client addresses allowed (IPv4/IPv6 addresses and CIDR ranges); others get 403."
                      + " `[]` turns the frontend's off."),
              strings(
                  "denyList",
                  "none",
                  "Client addresses refused with 403; wins over `allowList`. `[]` turns the"
                      + " frontend's off."),
              map("rateLimit", RATE_LIMIT, "A request rate limit per client."),
              map("cors", CORS, "Cross-origin resource sharing."),
              map("mirror", MIRROR, "Copies of requests to a shadow backend."),
              integer(
                  "maxBodySize",
                  0,
                  Integer.MAX_VALUE,
                  lit(0),
                  "Largest request body in bytes; larger gets 413. `0` means no limit."),
              duration(
                  "clientTimeout",
                  true,
                  "`timeouts.client` of the frontend",
                  "Client inactivity allowed once a request is routed here: while its body is"
                      + " read and while a response waits for the client to read it (408 or"
                      + " close, as the frontend's `timeouts.client`). For routes that take slow"
                      + " uploads or stream to slow readers. The frontend's value still covers the"
                      + " connection before a request is routed.")));

  static final Section MATCH =
      new Section(
          "frontends[].routes[].split[].header",
          "A request field and the exact value that sends a request to this backend. The same"
              + " keys serve `cookie`.",
          List.of(
              string("name", true, null, "Header (or cookie) name."),
              string("value", true, null, "The value, compared exactly.")));

  static final Section SPLIT =
      new Section(
          "frontends[].routes[].split[]",
          "One more backend of the route (canary, blue-green): requests matching `header` or"
              + " `cookie` go to it first; of the rest, `weight` percent; what no entry takes goes"
              + " to the route's `backend`. See [docs/traffic-policy.md](traffic-policy.md).",
          List.of(
              string("backend", true, null, "A defined backend, other than the route's own."),
              integer(
                  "weight",
                  0,
                  100,
                  lit(0),
                  "Percent of the requests no `header` or `cookie` of the split took; the"
                      + " weights of a route add up to at most 100."),
              map("header", MATCH, "Requests with this header value go here."),
              map("cookie", MATCH, "Requests with this cookie value go here.")));

  static final Section REQUEST_ID =
      new Section(
          "frontends[].requestId",
          "The id of each request: the request's own when it has `header`, else generated. It is"
              + " sent on to the server and written to the access log.",
          List.of(
              bool(
                  "generate",
                  lit(RequestId.DEFAULT.generate()),
                  "Generate an id (32 hex digits) for requests without one."),
              string(
                  "header",
                  false,
                  lit(RequestId.DEFAULT_HEADER),
                  "The header field that carries the id.")));
}
