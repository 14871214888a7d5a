package io.breakwater.dataplane.config;

import io.breakwater.dataplane.config.ConfigSchema.Key;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import io.breakwater.dataplane.config.TrafficPolicy.Cors;
import io.breakwater.dataplane.config.TrafficPolicy.Header;
import io.breakwater.dataplane.config.TrafficPolicy.HeaderRules;
import io.breakwater.dataplane.config.TrafficPolicy.Hsts;
import io.breakwater.dataplane.config.TrafficPolicy.Mirror;
import io.breakwater.dataplane.config.TrafficPolicy.RateLimit;
import io.breakwater.dataplane.config.TrafficPolicy.Redirect;
import io.breakwater.dataplane.config.TrafficPolicy.Rewrite;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of {@link ConfigValidator} for traffic policies, splits, trusted proxies and request
 * ids. Every value is checked where it is written (a frontend's policy at {@code
 * frontends[i].policy}, a route's at {@code frontends[i].routes[j].policy}), so a mistake is
 * reported once however many routes inherit it.
 */
final class TrafficPolicyValidator {

  /**
   * Fields a header rule may not touch: message framing and hop-by-hop fields, which the proxy
   * owns, and {@code Host}, which {@code rewrite.host} sets.
   */
  static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "host");

  /** The greatest {@code burst × period / rate}: the bucket's depth in time, as a long of nanos. */
  private static final double MAX_BUCKET_NANOS = 1L << 62;

  private static final Pattern GROUP_REF = Pattern.compile("\\$(\\d)");

  private final List<ConfigError> errors;

  TrafficPolicyValidator(List<ConfigError> errors) {
    this.errors = errors;
  }

  /** A frontend's trusted proxies, request id and policy; {@code p} is its path. */
  void frontend(String p, Frontend f, Set<String> backendNames) {
    cidrs(p + ".trustedProxies", f.trustedProxies());
    headerName(p + ".requestId.header", f.requestId().header());
    policy(p + ".policy", f.policy(), backendNames);
  }

  /** A route's split and policy; {@code p} is its path. */
  void route(String p, Route r, Set<String> backendNames) {
    split(p, r, backendNames);
    policy(p + ".policy", r.policy(), backendNames);
  }

  private void split(String p, Route r, Set<String> backendNames) {
    Map<String, Integer> seen = new HashMap<>();
    int total = 0;
    Section s = TrafficPolicySchema.SPLIT;
    for (int i = 0; i < r.split().size(); i++) {
      SplitBackend b = r.split().get(i);
      String sp = p + ".split[" + i + "]";
      if (b.backend().equals(r.backend())) {
        error(
            sp + ".backend",
            Texts.quote(b.backend())
                + " is the route's own backend (expected: another backend; the route's takes what"
                + " the split leaves)");
      } else if (ConfigValidator.reference(
          this::error, sp + ".backend", b.backend(), backendNames)) {
        Integer first = seen.putIfAbsent(b.backend(), i);
        if (first != null) {
          error(sp + ".backend", Texts.quote(b.backend()) + " is already in split[" + first + "]");
        }
      }
      range(sp + ".weight", s.key("weight"), b.weight());
      total += Math.max(0, b.weight());
      if (b.header() != null) {
        headerName(sp + ".header.name", b.header().name());
        headerValue(sp + ".header.value", b.header().value(), false);
      }
      if (b.cookie() != null) {
        token(sp + ".cookie.name", b.cookie().name(), "a cookie name");
        cookieValue(sp + ".cookie.value", b.cookie().value());
      }
    }
    if (total > 100) {
      error(p + ".split", "weights add up to " + total + " (expected: at most 100 percent)");
    }
  }

  void policy(String p, TrafficPolicy t, Set<String> backendNames) {
    headers(p + ".requestHeaders", t.requestHeaders());
    headers(p + ".responseHeaders", t.responseHeaders());
    if (t.rewrite() != null && t.rewrite().enabled()) {
      rewrite(p + ".rewrite", t.rewrite());
    }
    if (t.redirect() != null && t.redirect().enabled()) {
      redirect(p + ".redirect", t.redirect());
    }
    if (t.hsts() != null && t.hsts().enabled()) {
      hsts(p + ".hsts", t.hsts());
    }
    if (t.allowList() != null) {
      cidrs(p + ".allowList", t.allowList());
    }
    if (t.denyList() != null) {
      cidrs(p + ".denyList", t.denyList());
    }
    if (t.rateLimit() != null && t.rateLimit().enabled()) {
      rateLimit(p + ".rateLimit", t.rateLimit());
    }
    if (t.cors() != null && t.cors().enabled()) {
      cors(p + ".cors", t.cors());
    }
    if (t.mirror() != null && t.mirror().enabled()) {
      mirror(p + ".mirror", t.mirror(), backendNames);
    }
    if (t.maxBodySize() != null) {
      range(p + ".maxBodySize", TrafficPolicySchema.POLICY.key("maxBodySize"), t.maxBodySize());
    }
    if (t.clientTimeout() != null) {
      String problem = TrafficPolicySchema.POLICY.key("clientTimeout").problem(t.clientTimeout());
      if (problem != null) {
        error(p + ".clientTimeout", problem);
      }
    }
  }

  private void headers(String p, HeaderRules h) {
    if (h == null) {
      return;
    }
    BiConsumer<String, List<Header>> fields =
        (key, list) -> {
          for (int i = 0; i < list.size(); i++) {
            String hp = p + "." + key + "[" + i + "]";
            ruleName(hp + ".name", list.get(i).name());
            headerValue(hp + ".value", list.get(i).value(), true);
          }
        };
    fields.accept("set", h.set());
    fields.accept("add", h.add());
    for (int i = 0; i < h.remove().size(); i++) {
      ruleName(p + ".remove[" + i + "]", h.remove().get(i));
    }
  }

  private void rewrite(String p, Rewrite r) {
    if (r.prefix() == null && r.regex() == null && r.host() == null) {
      error(p, "nothing to rewrite (expected: prefix, regex or host)");
    }
    if (r.prefix() != null) {
      if (r.regex() != null) {
        error(p + ".regex", "both prefix and regex are set (expected: one of them)");
      }
      path(p + ".prefix", r.prefix());
    }
    if (r.regex() != null) {
      Pattern pattern = null;
      try {
        pattern = Pattern.compile(r.regex());
      } catch (PatternSyntaxException e) {
        error(
            p + ".regex",
            Texts.quote(r.regex())
                + " is not a valid regular expression: "
                + e.getDescription()
                + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
      }
      if (r.replacement() == null) {
        error(p + ".replacement", "missing (required with regex)");
      } else if (path(p + ".replacement", r.replacement()) && pattern != null) {
        Matcher m = GROUP_REF.matcher(r.replacement());
        int groups = pattern.matcher("").groupCount();
        while (m.find()) {
          int g = m.group(1).charAt(0) - '0';
          if (g > groups) {
            error(
                p + ".replacement",
                Texts.quote(r.replacement())
                    + " refers to $"
                    + g
                    + " (expected: $0.."
                    + "$"
                    + groups
                    + ", the regex has "
                    + groups
                    + (groups == 1 ? " group)" : " groups)"));
            break;
          }
        }
      }
    } else if (r.replacement() != null) {
      error(p + ".replacement", "set without regex (expected: regex, or prefix instead)");
    }
    if (r.host() != null) {
      hostAndPort(p + ".host", r.host());
    }
  }

  private void redirect(String p, Redirect r) {
    if (r.scheme() == null && r.host() == null && r.port() == null && r.path() == null) {
      error(p, "nothing to change (expected: scheme, host, port or path)");
    }
    if (r.host() != null && !HostPort.validHostName(r.host())) {
      error(p + ".host", Texts.quote(r.host()) + " is not a valid host (expected: a DNS name)");
    }
    if (r.port() != null) {
      range(p + ".port", TrafficPolicySchema.REDIRECT.key("port"), r.port());
    }
    if (r.path() != null) {
      path(p + ".path", r.path());
    }
    if (!TrafficPolicySchema.REDIRECT_STATUSES.contains(r.status())) {
      error(p + ".status", r.status() + " (expected: one of 301, 302, 307, 308)");
    }
  }

  private void hsts(String p, Hsts h) {
    seconds(p + ".maxAge", h.maxAge());
  }

  private void rateLimit(String p, RateLimit l) {
    Section s = TrafficPolicySchema.RATE_LIMIT;
    boolean ok = range(p + ".rate", s.key("rate"), l.rate());
    ok &= range(p + ".burst", s.key("burst"), l.burst());
    String problem = s.key("period").problem(l.period());
    if (problem != null) {
      error(p + ".period", problem);
    } else if (ok) {
      double interval = (double) l.period().toNanos() / l.rate();
      if (interval < 1) {
        error(
            p + ".rate",
            l.rate()
                + " per "
                + Durations.format(l.period())
                + " (expected: at most one per nanosecond)");
      } else if (interval * l.burst() > MAX_BUCKET_NANOS) {
        error(
            p + ".burst",
            l.burst()
                + " (expected: burst × period / rate, the time a full bucket lasts, under 100"
                + " years)");
      }
    }
    if (l.header() != null) {
      headerName(p + ".header", l.header());
    }
    range(p + ".status", s.key("status"), l.status());
  }

  private void cors(String p, Cors c) {
    List<String> origins = c.allowOrigins();
    if (origins.isEmpty()) {
      error(p + ".allowOrigins", "[] (expected: at least one origin, or \"*\")");
    }
    for (int i = 0; i < origins.size(); i++) {
      String o = origins.get(i);
      String problem = originProblem(o);
      if (problem != null) {
        error(p + ".allowOrigins[" + i + "]", Texts.quote(o) + " (expected: " + problem + ")");
      } else if (o.equals("*") && origins.size() > 1) {
        error(
            p + ".allowOrigins[" + i + "]", "\"*\" (expected: alone, since it allows any origin)");
      }
    }
    if (c.allowCredentials() && origins.contains("*")) {
      error(
          p + ".allowCredentials",
          "true with allowOrigins \"*\" (expected: the origins listed; browsers refuse"
              + " credentials from any origin)");
    }
    tokens(p + ".allowMethods", c.allowMethods(), "an HTTP method such as GET", false);
    tokens(p + ".allowHeaders", c.allowHeaders(), "a header name, or \"*\" alone", true);
    tokens(p + ".exposeHeaders", c.exposeHeaders(), "a header name", false);
    if (c.maxAge() != null) {
      seconds(p + ".maxAge", c.maxAge());
    }
  }

  private void mirror(String p, Mirror m, Set<String> backendNames) {
    ConfigValidator.reference(this::error, p + ".backend", m.backend(), backendNames);
    Section s = TrafficPolicySchema.MIRROR;
    String problem = s.key("percent").problem(m.percent());
    if (problem != null) {
      error(p + ".percent", problem);
    }
    range(p + ".bodyLimit", s.key("bodyLimit"), m.bodyLimit());
  }

  // ---- single values ----

  private void cidrs(String p, List<String> list) {
    for (int i = 0; i < list.size(); i++) {
      String problem = Cidr.problem(list.get(i));
      if (problem != null) {
        error(p + "[" + i + "]", problem);
      }
    }
  }

  /** A header a rule touches: a token, not one of {@link #RESERVED_HEADERS}. */
  private void ruleName(String p, String name) {
    if (headerName(p, name) && RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      error(
          p,
          Texts.quote(name)
              + " is managed by the proxy (expected: another field; the host is set with"
              + " rewrite.host)");
    }
  }

  private boolean headerName(String p, String name) {
    return token(p, name, "a header name such as X-Team");
  }

  private boolean token(String p, String value, String expected) {
    if (!Texts.isToken(value)) {
      error(p, Texts.quote(value) + " (expected: " + expected + ")");
      return false;
    }
    return true;
  }

  private void tokens(String p, List<String> list, String expected, boolean star) {
    for (int i = 0; i < list.size(); i++) {
      String v = list.get(i);
      if (star && v.equals("*")) {
        if (list.size() > 1) {
          error(p + "[" + i + "]", "\"*\" (expected: alone, since it allows any)");
        }
      } else {
        token(p + "[" + i + "]", v, expected);
      }
    }
  }

  /** A field value: no control characters; with variables when {@code template}. */
  private void headerValue(String p, String value, boolean template) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        error(p, Texts.quote(value) + " (expected: a value without control characters)");
        return;
      }
    }
    if (template) {
      try {
        HeaderTemplate.parse(value);
      } catch (IllegalArgumentException e) {
        error(p, e.getMessage());
      }
    }
  }

  private void cookieValue(String p, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',' || c == '"' || c == '\\') {
        error(p, Texts.quote(value) + " (expected: a cookie value: no spaces, ; , \" or \\)");
        return;
      }
    }
  }

  private boolean path(String p, String value) {
    if (!value.startsWith("/")
        || Texts.hasSpaceOrControl(value)
        || value.indexOf('?') >= 0
        || value.indexOf('#') >= 0) {
      error(
          p,
          Texts.quote(value) + " (expected: a path starting with \"/\", without spaces, ? or #)");
      return false;
    }
    return true;
  }

  private void hostAndPort(String p, String value) {
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? value : value.substring(0, colon);
    boolean ok = HostPort.validHostName(host);
    if (ok && colon >= 0) {
      String port = value.substring(colon + 1);
      ok =
          !port.isEmpty()
              && port.length() <= 5
              && port.chars().allMatch(ch -> ch >= '0' && ch <= '9')
              && Integer.parseInt(port) >= 1
              && Integer.parseInt(port) <= 65535;
    }
    if (!ok) {
      error(
          p, Texts.quote(value) + " is not a valid host (expected: a DNS name, with :port or not)");
    }
  }

  private void seconds(String p, Duration d) {
    if (d.isNegative() || d.getNano() != 0) {
      error(p, Durations.format(d) + " (expected: whole seconds, >= 0)");
    }
  }

  /**
   * What is wrong with a CORS origin, or {@code null}: {@code *}, or {@code scheme://host[:port]}
   * whose host may start with {@code *.}.
   */
  static String originProblem(String o) {
    if (o.equals("*")) {
      return null;
    }
    String expected = "\"*\" or an origin such as https://app.example.com or https://*.example.com";
    int sep = o.indexOf("://");
    if (sep <= 0) {
      return expected;
    }
    String scheme = o.substring(0, sep);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return expected;
    }
    String rest = o.substring(sep + 3);
    if (rest.startsWith("*.")) {
      rest = rest.substring(2);
    }
    int colon = rest.lastIndexOf(':');
    String host = colon < 0 ? rest : rest.substring(0, colon);
    if (!HostPort.validHostName(host)) {
      return expected;
    }
    if (colon >= 0) {
      String port = rest.substring(colon + 1);
      if (port.isEmpty()
          || port.length() > 5
          || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return expected;
      }
    }
    return null;
  }

  private boolean range(String path, Key key, long value) {
    String problem = key.problem(value);
    if (problem != null) {
      error(path, problem);
      return false;
    }
    return true;
  }

  private void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }
}
