package io.breakwater.dataplane.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestTargetTest {

  record Case(String target, String path, String authority) {}

  static Stream<Case> targets() {
    return Stream.of(
        new Case("/", "/", null),
        new Case("/a/b?c=d#e", "/a/b", null),
        new Case("/a#frag?x", "/a", null),
        new Case("/?", "/", null),
        new Case("http://h.example:8080/p/q?x", "/p/q", "h.example:8080"),
        new Case("https://h", "/", "h"),
        new Case("http://h?x=/y", "/", "h"),
        new Case("http://u:p@h:1/z", "/z", "u:p@h:1"),
        new Case("http://[::1]:8080/z", "/z", "[::1]:8080"),
        new Case("svn+ssh://h/r", "/r", "h"),
        new Case("*", null, null),
        new Case("example.com:443", null, null),
        new Case("", null, null),
        new Case("http:/x", null, null),
        new Case("1http://h/x", null, null),
        new Case("a b://h/x", null, null));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void splitsPathAndAuthorityOfEachRequestTargetForm(Case c) {
    assertThat(RequestTarget.path(c.target)).isEqualTo(c.path);
    assertThat(RequestTarget.authority(c.target)).isEqualTo(c.authority);
    int start = RequestTarget.pathStart(c.target);
    assertThat(start == RequestTarget.NO_PATH).isEqualTo(c.path == null);
  }
}
