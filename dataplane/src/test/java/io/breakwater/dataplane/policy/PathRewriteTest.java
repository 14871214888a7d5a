package io.breakwater.dataplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.PathType;
import io.breakwater.dataplane.config.TrafficPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prefix and regex rewrites, with Ingress-NGINX rewrite-target semantics; the query is kept. */
class PathRewriteTest {

  @ParameterizedTest(name = "prefix {1} on route {0}: {3} -> {4}")
  @CsvSource({
    "/api, /v2, Prefix, /api/users?x=1, /v2/users?x=1",
    "/api, /v2, Prefix, /api, /v2",
    "/api/, /v2, Prefix, /api/users, /v2/users",
    "/api, /, Prefix, /api/users, /users",
    "/api, /, Prefix, /api, /",
    "/, /base, Prefix, /x/y, /base/x/y",
    "/old, /new, Exact, /old?q, /new?q",
  })
  void prefixReplacesWhatTheRouteMatched(
      String route, String prefix, String type, String uri, String expected) {
    PathRewrite r =
        PathRewrite.of(
            new TrafficPolicy.Rewrite(true, prefix, null, null, null),
            route,
            PathType.valueOf(type.toUpperCase()));
    assertThat(r.apply(uri)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2} -> {3}")
  @CsvSource({
    "'^/legacy/(.*)', '/$1', /legacy/a/b?x=1, /a/b?x=1",
    "'/something(/|$)(.*)', '/$2', /something/new, /new",
    "'/something(/|$)(.*)', '/$2', /something, /",
    "'^/legacy/(.*)', '/$1', /other, /other",
    "'^/(\\w+)/(\\w+)', '/$2/$1', /a/b, /b/a",
  })
  void regexReplacesTheWholePathWithItsGroups(
      String regex, String replacement, String uri, String expected) {
    PathRewrite r =
        PathRewrite.of(
            new TrafficPolicy.Rewrite(true, null, regex, replacement, null), "/", PathType.PREFIX);
    assertThat(r.apply(uri)).isEqualTo(expected);
  }
}
