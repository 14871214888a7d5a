package io.breakwater.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.controller.source.Manifests;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigValidator;
import io.breakwater.dataplane.config.Global;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.config.TrafficPolicy;
import io.breakwater.dataplane.config.TrafficPolicy.Header;
import io.breakwater.dataplane.config.TrafficPolicy.HeaderRules;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each traffic-policy annotation, valid and refused: a valid value becomes the policy of every
 * route of its Ingress; a value the dataplane refuses is an Error naming the annotation, and the
 * Ingress is served without it.
 */
class IngressPoliciesTest {

  private static final TrafficPolicy NONE = TrafficPolicy.NONE;

  static Stream<Arguments> mapped() {
    return Stream.of(
        Arguments.of(
            "ssl-redirect", "true", policy(null, null, null, true, null, null, null, null)),
        Arguments.of("ssl-redirect", "false", NONE),
        Arguments.of(
            "hsts",
            "true",
            policy(
                null,
                null,
                null,
                null,
                new TrafficPolicy.Hsts(true, Duration.ofDays(365), false, false),
                null,
                null,
                null)),
        Arguments.of("hsts", "false", NONE),
        Arguments.of(
            "rewrite-target",
            "/v2",
            policy(
                null,
                null,
                new TrafficPolicy.Rewrite(true, "/v2", null, null, null),
                null,
                null,
                null,
                null,
                null)),
        Arguments.of(
            "request-set-header",
            "X-Team: shop\nX-Env: prod",
            policy(
                set(new Header("X-Team", "shop"), new Header("X-Env", "prod")),
                null,
                null,
                null,
                null,
                null,
                null,
                null)),
        Arguments.of(
            "response-set-header",
            "X-Frame-Options: DENY",
            policy(
                null,
                set(new Header("X-Frame-Options", "DENY")),
                null,
                null,
                null,
                null,
                null,
                null)),
        Arguments.of(
            "allow-list",
            "10.0.0.0/8, fd00::/8",
            policy(null, null, null, null, null, List.of("10.0.0.0/8", "fd00::/8"), null, null)),
        Arguments.of(
            "deny-list",
            "192.168.1.10",
            policy(null, null, null, null, null, null, List.of("192.168.1.10"), null)),
        Arguments.of(
            "rate-limit-rps",
            "100",
            policy(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new TrafficPolicy.RateLimit(true, 100, Duration.ofSeconds(1), 100, null, 429))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("mapped")
  void aValidValueIsThePolicyOfEveryRouteOfTheIngress(
      String annotation, String value, TrafficPolicy expected) {
    Translation t = translate(annotation, value);
    assertThat(t.problems()).isEmpty();
    assertThat(t.routes()).hasSize(3);
    assertThat(t.routes())
        .filteredOn(r -> r.host().equals("shop.example.com"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.policy()).isEqualTo(expected));
    assertThat(t.routes())
        .filteredOn(r -> r.host().equals("other.example.com"))
        .singleElement()
        .satisfies(r -> assertThat(r.policy()).isEqualTo(NONE));
    assertValid(t);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("allow-list", "10.0.0.1/8", "has bits set after the prefix"),
        Arguments.of("deny-list", "10.0.0.0/8, fd00::1/8", "has bits set after the prefix"),
        Arguments.of("request-set-header", "Host: a.example.com", "is managed by the proxy"),
        Arguments.of("response-set-header", "Transfer-Encoding: chunked", "managed by the proxy"),
        Arguments.of("rate-limit-rps", "0", "expected: an integer >= 1"),
        Arguments.of("rewrite-target", "v2", "a path starting with \"/\""),
        Arguments.of("ssl-redirect", "yes", "expected: true or false"),
        Arguments.of("hsts", "on", "expected: true or false"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refused")
  void aRefusedValueIsAnErrorNamingTheAnnotationAndTheIngressIsServedWithoutIt(
      String annotation, String value, String message) {
    Translation t = translate(annotation, value);
    assertThat(t.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field())
                  .isEqualTo("metadata.annotations[breakwater.io/" + annotation + "]");
              assertThat(p.message()).contains(message).endsWith("; ignored");
            });
    assertThat(t.routes()).hasSize(3).allSatisfy(r -> assertThat(r.policy()).isEqualTo(NONE));
    assertThat(t.backendsWithErrors()).isEmpty();
    assertValid(t);
  }

  private static Translation translate(String annotation, String value) {
    String manifests =
        """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: breakwater}
        spec: {controller: breakwater.io/ingress-controller}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: shop
          annotations: {breakwater.io/%s: %s}
        spec:
          ingressClassName: breakwater
          rules:
            - host: shop.example.com
              http:
                paths:
                  - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                  - {path: /login, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: other, namespace: shop}
        spec:
          ingressClassName: breakwater
          rules:
            - host: other.example.com
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          ports: [{name: http, port: 80, targetPort: 8080}]
        """
            .formatted(annotation, Yaml.flow(value));
    return Translator.translate(
        ClusterSnapshot.of(Manifests.parse(manifests)), TranslateOptions.DEFAULT);
  }

  private static void assertValid(Translation t) {
    assertThat(
            ConfigValidator.validate(
                new Config(
                    Global.DEFAULT,
                    TranslateOptions.DEFAULT.defaults(),
                    List.of(
                        t.frontend(
                            "http",
                            new HostPort("0.0.0.0", 8080),
                            TranslateOptions.DEFAULT.defaults().timeouts())),
                    t.backends())))
        .isEmpty();
  }

  private static HeaderRules set(Header... headers) {
    return new HeaderRules(List.of(headers), List.of(), List.of());
  }

  private static TrafficPolicy policy(
      HeaderRules request,
      HeaderRules response,
      TrafficPolicy.Rewrite rewrite,
      Boolean sslRedirect,
      TrafficPolicy.Hsts hsts,
      List<String> allow,
      List<String> deny,
      TrafficPolicy.RateLimit limit) {
    return new TrafficPolicy(
        request,
        response,
        rewrite,
        null,
        sslRedirect,
        hsts,
        allow,
        deny,
        limit,
        null,
        null,
        null,
        null);
  }
}
