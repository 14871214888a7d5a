package io.breakwater.dataplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostPortTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("10.0.0.1:80", "10.0.0.1", 80),
        Arguments.of("[::1]:80", "::1", 80),
        Arguments.of("[::]:8080", "::", 8080),
        Arguments.of("[2001:db8::1]:443", "2001:db8::1", 443),
        Arguments.of("my-svc.ns.svc:8080", "my-svc.ns.svc", 8080),
        Arguments.of("localhost:1", "localhost", 1),
        Arguments.of("host:65535", "host", 65535),
        Arguments.of("0.0.0.0:8080", "0.0.0.0", 8080),
        Arguments.of("Example.COM:80", "Example.COM", 80));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void parses(String text, String host, int port) {
    HostPort hp = HostPort.parse(text);
    assertThat(hp).isEqualTo(new HostPort(host, port));
    assertThat(HostPort.problem(text)).isNull();
    assertThat(HostPort.parse(hp.format())).isEqualTo(hp);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("10.0.0:80", "bad host \"10.0.0\""),
        Arguments.of("256.0.0.1:80", "bad host"),
        Arguments.of("host:0", "port 0 is outside 1..65535"),
        Arguments.of("host:65536", "port 65536 is outside 1..65535"),
        Arguments.of("host:99999999", "is outside 1..65535"),
        Arguments.of("a..b:80", "bad host \"a..b\""),
        Arguments.of("-a.b:80", "bad host"),
        Arguments.of("a_b:80", "bad host"),
        Arguments.of("host", "missing :port"),
        Arguments.of("host:", "missing port"),
        Arguments.of(":80", "missing host"),
        Arguments.of("host:http", "port \"http\" is not a number"),
        Arguments.of("host:-1", "is not a number"),
        Arguments.of("::1:80", "needs brackets"),
        Arguments.of("[::1]", "expected [IPv6]:port"),
        Arguments.of("[::1]80", "expected [IPv6]:port"),
        Arguments.of("[]:80", "bad IPv6 address"),
        Arguments.of("[zz::1]:80", "bad IPv6 address"),
        Arguments.of("[1::2::3]:80", "bad IPv6 address"),
        Arguments.of("[10.0.0.1]:80", "bad IPv6 address"),
        Arguments.of("", "empty"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void rejectsWithAReason(String text, String reason) {
    assertThat(HostPort.parse(text)).isNull();
    assertThat(HostPort.problem(text))
        .startsWith(Texts.quote(text) + " is not host:port (")
        .contains(reason);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "127.0.0.1, true",
    "127.255.10.1, true",
    "::1, true",
    "0:0:0:0:0:0:0:1, true",
    "::ffff:127.0.0.1, true",
    "0.0.0.0, false",
    "::, false",
    "128.0.0.1, false",
    "10.0.0.1, false",
    "fd00::1, false",
    "localhost, false",
    "127.example.com, false"
  })
  void loopbackMeansAnAddressLiteralIn127Slash8OrIpv6One(String host, boolean loopback) {
    assertThat(new HostPort(host, 80).isLoopback()).isEqualTo(loopback);
  }
}
