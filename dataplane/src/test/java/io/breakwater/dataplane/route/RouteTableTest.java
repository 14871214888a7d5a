package io.breakwater.dataplane.route;

import static io.breakwater.dataplane.config.PathType.EXACT;
import static io.breakwater.dataplane.config.PathType.IMPLEMENTATION_SPECIFIC;
import static io.breakwater.dataplane.config.PathType.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTableTest {

  record Rule(String host, String path, PathType type, String target) {}

  /** One row: the rules of a table, a request, and the target it must reach (null = none). */
  record Case(String name, List<Rule> rules, String host, String uri, String expected) {
    @Override
    public String toString() {
      return name + ": Host=" + host + " " + uri + " -> " + expected;
    }
  }

  private static Rule r(String host, String path, PathType type, String target) {
    return new Rule(host, path, type, target);
  }

  private static Rule any(String path, PathType type, String target) {
    return new Rule(null, path, type, target);
  }

  private static Case c(String name, List<Rule> rules, String host, String uri, String expected) {
    return new Case(name, rules, host, uri, expected);
  }

  private static RouteTable<String> table(List<Rule> rules) {
    RouteTable.Builder<String> b = RouteTable.builder();
    rules.forEach(x -> b.add(x.host, x.path, x.type, x.target));
    return b.build();
  }

  // The examples table of https://kubernetes.io/docs/concepts/services-networking/ingress/#examples
  static Stream<Case> kubernetesDocsExamples() {
    List<Rule> root = List.of(any("/", PREFIX, "root"));
    List<Rule> exactFoo = List.of(any("/foo", EXACT, "x"));
    List<Rule> exactFooSlash = List.of(any("/foo/", EXACT, "x"));
    List<Rule> prefixFoo = List.of(any("/foo", PREFIX, "x"));
    List<Rule> prefixFooSlash = List.of(any("/foo/", PREFIX, "x"));
    List<Rule> prefixAaaBb = List.of(any("/aaa/bb", PREFIX, "x"));
    List<Rule> prefixAaaBbb = List.of(any("/aaa/bbb", PREFIX, "x"));
    List<Rule> prefixAaaBbbSlash = List.of(any("/aaa/bbb/", PREFIX, "x"));
    List<Rule> rootAaa = List.of(any("/", PREFIX, "root"), any("/aaa", PREFIX, "aaa"));
    List<Rule> rootAaaBbb =
        List.of(
            any("/", PREFIX, "root"), any("/aaa", PREFIX, "aaa"), any("/aaa/bbb", PREFIX, "bbb"));
    List<Rule> prefixAaa = List.of(any("/aaa", PREFIX, "x"));
    List<Rule> mixed = List.of(any("/foo", PREFIX, "prefix"), any("/foo", EXACT, "exact"));
    return Stream.of(
        c("Prefix / matches all paths", root, "h", "/", "root"),
        c("Prefix / matches all paths", root, "h", "/anything/at/all", "root"),
        c("Exact /foo, /foo", exactFoo, "h", "/foo", "x"),
        c("Exact /foo, /bar", exactFoo, "h", "/bar", null),
        c("Exact /foo, /foo/", exactFoo, "h", "/foo/", null),
        c("Exact /foo/, /foo", exactFooSlash, "h", "/foo", null),
        c("Prefix /foo, /foo", prefixFoo, "h", "/foo", "x"),
        c("Prefix /foo, /foo/", prefixFoo, "h", "/foo/", "x"),
        c("Prefix /foo/, /foo", prefixFooSlash, "h", "/foo", "x"),
        c("Prefix /foo/, /foo/", prefixFooSlash, "h", "/foo/", "x"),
        c("Prefix /aaa/bb, /aaa/bbb", prefixAaaBb, "h", "/aaa/bbb", null),
        c("Prefix /aaa/bbb, /aaa/bbb", prefixAaaBbb, "h", "/aaa/bbb", "x"),
        c("Prefix /aaa/bbb/ ignores trailing slash", prefixAaaBbbSlash, "h", "/aaa/bbb", "x"),
        c("Prefix /aaa/bbb matches trailing slash", prefixAaaBbb, "h", "/aaa/bbb/", "x"),
        c("Prefix /aaa/bbb matches subpath", prefixAaaBbb, "h", "/aaa/bbb/ccc", "x"),
        c("Prefix /aaa/bbb, not a string prefix", prefixAaaBbb, "h", "/aaa/bbbxyz", null),
        c("Prefix /, /aaa; /aaa/ccc", rootAaa, "h", "/aaa/ccc", "aaa"),
        c("Prefix /, /aaa, /aaa/bbb; /aaa/bbb", rootAaaBbb, "h", "/aaa/bbb", "bbb"),
        c("Prefix /, /aaa, /aaa/bbb; /ccc", rootAaaBbb, "h", "/ccc", "root"),
        c("Prefix /aaa; /ccc uses default backend", prefixAaa, "h", "/ccc", null),
        c("Mixed Prefix and Exact /foo prefers Exact", mixed, "h", "/foo", "exact"),
        c("Mixed, /foo/ only the prefix", mixed, "h", "/foo/", "prefix"));
  }

  static Stream<Case> paths() {
    List<Rule> nested =
        List.of(
            any("/", PREFIX, "root"),
            any("/api", PREFIX, "api"),
            any("/api/v1", PREFIX, "v1"),
            any("/api/v1/users", EXACT, "users"),
            any("/static/", IMPLEMENTATION_SPECIFIC, "static"));
    List<Rule> noRoot = List.of(any("/api", PREFIX, "api"), any("/x/", EXACT, "x"));
    return Stream.of(
        c("longest prefix wins", nested, "h", "/api/v1/things", "v1"),
        c("shorter prefix", nested, "h", "/api/v2", "api"),
        c("exact beats prefix on same path", nested, "h", "/api/v1/users", "users"),
        c("exact does not cover subpath", nested, "h", "/api/v1/users/7", "v1"),
        c("ImplementationSpecific is Prefix", nested, "h", "/static/app.js", "static"),
        c("ImplementationSpecific ignores slash", nested, "h", "/static", "static"),
        c("element-wise only", nested, "h", "/apiary", "root"),
        c("case-sensitive path", nested, "h", "/API/v1", "root"),
        c("query is not path", nested, "h", "/api/v1?x=/y", "v1"),
        c("query right after prefix", nested, "h", "/api?x", "api"),
        c("fragment is not path", nested, "h", "/api#v1/z", "api"),
        c("query makes exact match", nested, "h", "/api/v1/users?id=1", "users"),
        c("double slash after prefix", nested, "h", "/api//v1", "api"),
        c("root itself", nested, "h", "/", "root"),
        c("root with query", nested, "h", "/?a=b", "root"),
        c("percent-escapes are not decoded", nested, "h", "/api%2Fv1/x", "root"),
        c("no root: miss", noRoot, "h", "/other", null),
        c("no root: exact with trailing slash", noRoot, "h", "/x/", "x"),
        c("no root: exact needs trailing slash", noRoot, "h", "/x", null),
        c("asterisk-form has no path", nested, "h", "*", null),
        c("authority-form has no path", nested, "h", "example.com:443", null),
        c("empty target", nested, "h", "", null),
        c("relative path is not a path", nested, "h", "api/v1", null));
  }

  static Stream<Case> hosts() {
    List<Rule> rules =
        List.of(
            r("foo.example.com", "/", PREFIX, "foo"),
            r("*.example.com", "/", PREFIX, "wild"),
            r("::1", "/", PREFIX, "v6"),
            r("[2001:DB8::1]", "/", PREFIX, "v6b"),
            r("10.0.0.1", "/", PREFIX, "v4"),
            r("Dotted.Example.Org.", "/", PREFIX, "dotted"),
            any("/", PREFIX, "any"));
    return Stream.of(
        c("exact host", rules, "foo.example.com", "/", "foo"),
        c("mixed case host", rules, "FoO.ExAmPlE.CoM", "/", "foo"),
        c("host with port", rules, "foo.example.com:8080", "/", "foo"),
        c("upper case host with port", rules, "FOO.EXAMPLE.COM:80", "/", "foo"),
        c("trailing dot", rules, "foo.example.com.", "/", "foo"),
        c("trailing dot and port", rules, "foo.example.com.:443", "/", "foo"),
        c("empty port", rules, "foo.example.com:", "/", "foo"),
        c("surrounding whitespace", rules, " foo.example.com \t", "/", "foo"),
        c("wildcard one label", rules, "bar.example.com", "/", "wild"),
        c("wildcard mixed case and port", rules, "BAR.Example.com:9", "/", "wild"),
        c("wildcard does not match bare domain", rules, "example.com", "/", "any"),
        c("wildcard does not match two labels", rules, "a.b.example.com", "/", "any"),
        c("wildcard needs a non-empty label", rules, ".example.com", "/", "any"),
        c("other domain", rules, "bar.example.net", "/", "any"),
        c("IPv6 literal with port", rules, "[::1]:8080", "/", "v6"),
        c("IPv6 literal without port", rules, "[::1]", "/", "v6"),
        c("bare IPv6 literal", rules, "::1", "/", "v6"),
        c("IPv6 rule in brackets, upper case", rules, "[2001:db8::1]:443", "/", "v6b"),
        c("IPv4 with port", rules, "10.0.0.1:80", "/", "v4"),
        c("rule with trailing dot, mixed case", rules, "dotted.example.org", "/", "dotted"),
        c("no Host header", rules, null, "/", "any"),
        c("empty Host header", rules, "", "/", "any"),
        c("port only", rules, ":8080", "/", "any"),
        c("unterminated IPv6", rules, "[::1", "/", "any"));
  }

  static Stream<Case> hostPrecedence() {
    List<Rule> rules =
        List.of(
            r("foo.example.com", "/exact-only", PREFIX, "exact-host"),
            r("*.example.com", "/wild-only", PREFIX, "wild-host"),
            r("*.example.com", "/shared", PREFIX, "wild-shared"),
            r("foo.example.com", "/shared", PREFIX, "exact-shared"),
            any("/", PREFIX, "any-root"),
            any("/any-only", PREFIX, "any-only"));
    return Stream.of(
        c("exact host beats wildcard", rules, "foo.example.com", "/shared", "exact-shared"),
        c("wildcard beats any host", rules, "bar.example.com", "/shared", "wild-shared"),
        c("exact host level: no fall-through", rules, "foo.example.com", "/wild-only", null),
        c("exact host: no fall to any", rules, "foo.example.com", "/any-only", null),
        c("wildcard level: no fall-through", rules, "bar.example.com", "/any-only", null),
        c("wildcard level: no fall to root", rules, "bar.example.com", "/", null),
        c("unknown host uses any-host rules", rules, "other.org", "/any-only", "any-only"),
        c("unknown host, any-host root", rules, "other.org", "/shared", "any-root"),
        c("no host header", rules, null, "/exact-only", "any-root"),
        c("host rules only: other host", List.of(rules.get(0)), "x.org", "/exact-only", null));
  }

  static Stream<Case> absoluteForm() {
    List<Rule> rules =
        List.of(
            r("foo.example.com", "/api", PREFIX, "foo-api"),
            r("foo.example.com", "/", PREFIX, "foo-root"),
            r("*.example.com", "/", PREFIX, "wild"),
            any("/", PREFIX, "any"));
    return Stream.of(
        c("authority replaces Host", rules, "other.org", "http://foo.example.com/api/x", "foo-api"),
        c("with port and query", rules, null, "http://FOO.example.com:8080/api?q=1", "foo-api"),
        c("https scheme", rules, "x", "https://foo.example.com/api", "foo-api"),
        c("upper case scheme", rules, "x", "HTTP://foo.example.com/api", "foo-api"),
        c("empty path is /", rules, "x", "http://foo.example.com", "foo-root"),
        c("empty path with query", rules, "x", "http://foo.example.com?a=/api", "foo-root"),
        c("userinfo is not host", rules, "x", "http://u:p@foo.example.com/api", "foo-api"),
        c("IPv6 authority", rules, "foo.example.com", "http://[::1]:80/api", "any"),
        c("wildcard via authority", rules, "foo.example.com", "http://a.example.com/api", "wild"),
        c("empty authority uses any host", rules, "foo.example.com", "http:///api", "any"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"kubernetesDocsExamples", "paths", "hosts", "hostPrecedence", "absoluteForm"})
  void routesRequestToTheRuleTheIngressApiSelects(Case c) {
    RouteTable<String> table = table(c.rules);
    assertThat(table.lookup(c.host, c.uri)).isEqualTo(c.expected);
    // Same answer for other CharSequence implementations (e.g. Netty's AsciiString).
    assertThat(
            table.lookup(
                c.host == null ? null : new StringBuilder(c.host), new StringBuilder(c.uri)))
        .isEqualTo(c.expected);
  }

  static Stream<Case> duplicates() {
    return Stream.of(
        c(
            "same prefix: first wins",
            List.of(any("/a", PREFIX, "first"), any("/a", PREFIX, "second")),
            null,
            "/a/b",
            "first"),
        c(
            "trailing slash is the same prefix",
            List.of(any("/a/", PREFIX, "first"), any("/a", PREFIX, "second")),
            null,
            "/a",
            "first"),
        c(
            "ImplementationSpecific is the same as Prefix",
            List.of(any("/a", IMPLEMENTATION_SPECIFIC, "first"), any("/a", PREFIX, "second")),
            null,
            "/a",
            "first"),
        c(
            "same exact: first wins",
            List.of(any("/a", EXACT, "first"), any("/a", EXACT, "second")),
            null,
            "/a",
            "first"),
        c(
            "host case and dot do not matter",
            List.of(r("A.com.", "/", PREFIX, "first"), r("a.COM", "/", PREFIX, "second")),
            "a.com",
            "/",
            "first"),
        c(
            "different kinds are not duplicates",
            List.of(any("/a", PREFIX, "prefix"), any("/a", EXACT, "exact")),
            null,
            "/a",
            "exact"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicates")
  void firstAddedOfIdenticalRulesWins(Case c) {
    assertThat(table(c.rules).lookup(c.host, c.uri)).isEqualTo(c.expected);
  }

  @Test
  void sizeCountsDistinctRules() {
    RouteTable<String> t =
        table(
            List.of(
                any("/a", PREFIX, "1"),
                any("/a/", PREFIX, "dup"),
                any("/a", EXACT, "2"),
                r("x.com", "/a", PREFIX, "3"),
                r("*.x.com", "/a", PREFIX, "4")));
    assertThat(t.size()).isEqualTo(4);
    assertThat(RouteTable.empty().size()).isZero();
    assertThat(RouteTable.<String>empty().lookup("x.com", "/")).isNull();
  }

  @Test
  void addsConfigRoutes() {
    RouteTable<String> t =
        RouteTable.<String>builder()
            .add(new Route("x.com", "/api", PREFIX, "default/api/80"), "api")
            .build();
    assertThat(t.lookup("x.com", "/api/v1")).isEqualTo("api");
  }

  @Test
  void findsRulesAmongManyHostsAndPaths() {
    RouteTable.Builder<String> b = RouteTable.builder();
    for (int h = 0; h < 500; h++) {
      for (int p = 0; p < 20; p++) {
        b.add("host" + h + ".example.com", "/svc" + p, p % 2 == 0 ? PREFIX : EXACT, h + "/" + p);
      }
    }
    RouteTable<String> t = b.build();
    List<String> misses = new ArrayList<>();
    for (int h = 0; h < 500; h++) {
      for (int p = 0; p < 20; p++) {
        String uri = "/svc" + p + (p % 2 == 0 ? "/deeper" : "");
        String got = t.lookup("HOST" + h + ".example.com:80", uri);
        if (!(h + "/" + p).equals(got)) {
          misses.add(h + "/" + p + " got " + got);
        }
      }
    }
    assertThat(misses).isEmpty();
    assertThat(t.size()).isEqualTo(10_000);
    assertThat(t.lookup("host1.example.com", "/svc1/deeper")).isNull();
  }

  static Stream<String[]> invalidRules() {
    return Stream.of(
        new String[] {null, "", "path:  (expected: starts with /)"},
        new String[] {null, "foo", "path: foo (expected: starts with /)"},
        new String[] {"*", "/", "host: * (expected: a host name, or *. followed by a domain)"},
        new String[] {"*.", "/", "host: *. (expected: a host name, or *. followed by a domain)"},
        new String[] {"a.*.com", "/", "host: a.*.com (expected: a host name, or *. followed by"},
        new String[] {"*.*.com", "/", "host: *.*.com (expected: a host name, or *. followed by"},
        new String[] {"*foo.com", "/", "host: *foo.com (expected: a host name, or *. followed by"});
  }

  @ParameterizedTest
  @MethodSource("invalidRules")
  void rejectsMalformedRulesNamingTheField(String host, String path, String message) {
    assertThatThrownBy(() -> RouteTable.<String>builder().add(host, path, PREFIX, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void lookupAllocatesNothing() {
    RouteTable<String> t =
        table(
            List.of(
                r("foo.example.com", "/api", PREFIX, "a"),
                r("*.example.com", "/api/v1", EXACT, "b"),
                any("/", PREFIX, "c")));
    String[][] requests = {
      {"FOO.example.com:8080", "/api/v1/x?y=z"},
      {"bar.example.com.", "/api/v1"},
      {"[::1]:80", "/deep/path/with/many/elements"},
      {"other", "http://foo.example.com/api"},
      {null, "*"},
    };
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int hits = 0;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 20_000; i++) {
      String[] req = requests[i % requests.length];
      if (t.lookup(req[0], req[1]) != null) {
        hits++;
      }
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(hits).isEqualTo(16_000);
    // A few hundred bytes of slack for the measurement itself; one allocation per lookup would be
    // hundreds of kilobytes.
    assertThat(allocated).isLessThan(4_096);
  }

  @Test
  void emptyHostInRuleMeansAnyHost() {
    RouteTable<String> t = table(List.of(r("", "/", PREFIX, "any")));
    assertThat(t.lookup("whatever.org", "/x")).isEqualTo("any");
  }
}
