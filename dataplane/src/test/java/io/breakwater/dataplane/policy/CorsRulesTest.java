package io.breakwater.dataplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.TrafficPolicy;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsRulesTest {
  private static final CorsRules RULES =
      CorsRules.of(
          new TrafficPolicy.Cors(
              true,
              List.of("https://app.example.com", "https://*.example.org"),
              List.of("GET", "PUT"),
              List.of("Content-Type"),
              List.of("X-Request-Id"),
              true,
              Duration.ofMinutes(10)));

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "https://app.example.com, true",
    "https://APP.example.com, true",
    "http://app.example.com, false",
    "https://a.example.org, true",
    "https://a.b.example.org, true",
    "https://example.org, false",
    "https://evil.com, false",
    "https://a.example.org.evil.com, false",
  })
  void originsMatchExactlyOrBySubdomainWildcard(String origin, boolean allowed) {
    assertThat(RULES.allows(origin)).isEqualTo(allowed);
  }

  @Test
  void preflightFromAnAllowedOriginGetsEveryAllowField() {
    HttpHeaders out = new DefaultHttpHeaders();
    RULES.preflight("https://app.example.com", new DefaultHttpHeaders(), out);
    assertThat(out.get("access-control-allow-origin")).isEqualTo("https://app.example.com");
    assertThat(out.get("access-control-allow-methods")).isEqualTo("GET, PUT");
    assertThat(out.get("access-control-allow-headers")).isEqualTo("Content-Type");
    assertThat(out.get("access-control-allow-credentials")).isEqualTo("true");
    assertThat(out.get("access-control-max-age")).isEqualTo("600");
  }

  @Test
  void anOriginNotAllowedGetsNoAllowField() {
    HttpHeaders out = new DefaultHttpHeaders();
    RULES.preflight("https://evil.com", new DefaultHttpHeaders(), out);
    RULES.response("https://evil.com", out);
    assertThat(out.names()).containsExactly("vary");
  }
}
