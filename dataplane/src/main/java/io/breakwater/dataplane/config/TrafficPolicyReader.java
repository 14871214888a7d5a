package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.TrafficPolicy.Cors;
import io.breakwater.dataplane.config.TrafficPolicy.Header;
import io.breakwater.dataplane.config.TrafficPolicy.HeaderRules;
import io.breakwater.dataplane.config.TrafficPolicy.Hsts;
import io.breakwater.dataplane.config.TrafficPolicy.Mirror;
import io.breakwater.dataplane.config.TrafficPolicy.RateLimit;
import io.breakwater.dataplane.config.TrafficPolicy.Redirect;
import io.breakwater.dataplane.config.TrafficPolicy.Rewrite;
import io.breakwater.dataplane.config.TreeReader.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code policy} (of a frontend or a route), a route's {@code split} and a frontend's
 * {@code requestId} as written, filling in the defaults of the keys a map leaves out. Only types
 * and the keys a map needs are checked here; ranges and everything else are {@link
 * TrafficPolicyValidator}'s, which sees the same model a config built in code has.
 */
final class TrafficPolicyReader {

  private TrafficPolicyReader() {}

  /** The {@code policy} of a frontend or a route; {@link TrafficPolicy#NONE} when absent. */
  static TrafficPolicy policy(TreeReader r, Fields owner) {
    Fields p = owner.map("policy");
    if (!p.present()) {
      return TrafficPolicy.NONE;
    }
    return new TrafficPolicy(
        headers(p.map("requestHeaders")),
        headers(p.map("responseHeaders")),
        rewrite(p.map("rewrite")),
        redirect(p.map("redirect")),
        p.bool("sslRedirect"),
        hsts(p.map("hsts")),
        p.strings("allowList"),
        p.strings("denyList"),
        rateLimit(r, p.map("rateLimit")),
        cors(p.map("cors")),
        mirror(r, p.map("mirror")),
        p.integer("maxBodySize"),
        p.duration("clientTimeout"));
  }

  /** A route's {@code split}; empty when absent. */
  static List<SplitBackend> split(Fields route) {
    List<SplitBackend> out = new ArrayList<>();
    for (Fields s : route.list("split")) {
      out.add(
          new SplitBackend(
              or(s.string("backend"), "<" + s.pathOf("backend") + ">"),
              or(s.integer("weight"), 0),
              match(s.map("header")),
              match(s.map("cookie"))));
    }
    return out;
  }

  /** A frontend's {@code requestId}. */
  static RequestId requestId(Fields frontend) {
    Fields f = frontend.map("requestId");
    RequestId d = RequestId.DEFAULT;
    return new RequestId(or(f.bool("generate"), d.generate()), or(f.string("header"), d.header()));
  }

  private static SplitBackend.Match match(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new SplitBackend.Match(or(f.string("name"), ""), or(f.string("value"), ""));
  }

  private static HeaderRules headers(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new HeaderRules(
        headerList(f.list("set")), headerList(f.list("add")), or(f.strings("remove"), List.of()));
  }

  private static List<Header> headerList(List<Fields> list) {
    List<Header> out = new ArrayList<>(list.size());
    for (Fields h : list) {
      out.add(new Header(or(h.string("name"), ""), or(h.string("value"), "")));
    }
    return out;
  }

  private static Rewrite rewrite(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new Rewrite(
        or(f.bool("enabled"), true),
        f.string("prefix"),
        f.string("regex"),
        f.string("replacement"),
        f.string("host"));
  }

  private static Redirect redirect(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new Redirect(
        or(f.bool("enabled"), true),
        f.enumeration("scheme", s -> s.equals("http") || s.equals("https") ? s : null),
        f.string("host"),
        f.integer("port"),
        f.string("path"),
        or(f.integer("status"), Redirect.DEFAULT_STATUS));
  }

  private static Hsts hsts(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new Hsts(
        or(f.bool("enabled"), true),
        or(f.duration("maxAge"), Hsts.DEFAULT_MAX_AGE),
        or(f.bool("includeSubDomains"), false),
        or(f.bool("preload"), false));
  }

  private static RateLimit rateLimit(TreeReader r, Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean enabled = or(f.bool("enabled"), true);
    Integer rate = f.integer("rate");
    if (rate == null && enabled && !f.written("rate")) {
      r.error(f.pathOf("rate"), "missing (required unless enabled: false)");
    }
    int effectiveRate = or(rate, 0);
    return new RateLimit(
        enabled,
        effectiveRate,
        or(f.duration("period"), RateLimit.DEFAULT_PERIOD),
        or(f.integer("burst"), Math.max(1, effectiveRate)),
        f.string("header"),
        or(f.integer("status"), RateLimit.DEFAULT_STATUS));
  }

  private static Cors cors(Fields f) {
    if (!f.present()) {
      return null;
    }
    return new Cors(
        or(f.bool("enabled"), true),
        or(f.strings("allowOrigins"), List.of("*")),
        or(f.strings("allowMethods"), Cors.DEFAULT_METHODS),
        or(f.strings("allowHeaders"), List.of()),
        or(f.strings("exposeHeaders"), List.of()),
        or(f.bool("allowCredentials"), false),
        f.duration("maxAge"));
  }

  private static Mirror mirror(TreeReader r, Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean enabled = or(f.bool("enabled"), true);
    String backend = f.string("backend");
    if (backend == null && enabled && !f.written("backend")) {
      r.error(f.pathOf("backend"), "missing (required unless enabled: false)");
    }
    return new Mirror(
        enabled,
        or(backend, backend == null && !enabled ? "" : "<" + f.pathOf("backend") + ">"),
        or(f.number("percent"), 100.0),
        or(f.integer("bodyLimit"), Mirror.DEFAULT_BODY_LIMIT));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
