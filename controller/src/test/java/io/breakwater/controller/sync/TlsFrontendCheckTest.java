package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.Certificate;
import io.breakwater.controller.translate.Translation;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlsFrontendCheckTest {
  private static final Config PLAIN =
      ConfigLoader.parse("frontends: [{name: http, listen: 127.0.0.1:8080}]", "plain.yaml");
  private static final Config WITH_TLS =
      ConfigLoader.parse(
          """
          frontends:
            - {name: http, listen: 127.0.0.1:8080}
            - name: https
              listen: 127.0.0.1:8443
              tls: {certificates: [{certFile: /etc/tls/a.crt, keyFile: /etc/tls/a.key}]}
          """,
          "tls.yaml");

  private static Translation withCertificates(String... hosts) {
    Certificate c =
        new Certificate(
            new ObjectRef("Secret", "shop", "shop-tls"), List.of(hosts), List.of(hosts), "c", "k");
    return new Translation(
        List.of(), null, List.of(), List.of(c), List.of(), Map.of(), Set.of(), Set.of());
  }

  @Test
  void warnsOnceWhenCertificatesHaveNoTlsFrontend() {
    TlsFrontendCheck check = new TlsFrontendCheck();
    Translation t = withCertificates("a.example.com", "b.example.com");

    assertThat(check.check(PLAIN, t))
        .isEqualTo(
            "no frontend has a tls block, so the certificates of 1 Secret are not used and"
                + " a.example.com, b.example.com are served over plain HTTP only; give the"
                + " dataplane's bootstrap config a frontend with tls (docs/tls.md)");
    assertThat(check.check(PLAIN, t)).isNull();
  }

  @Test
  void saysNothingWithATlsFrontendOrWithoutCertificatesAndAgainAfterTheFrontendWent() {
    TlsFrontendCheck check = new TlsFrontendCheck();
    Translation none =
        new Translation(
            List.of(), null, List.of(), List.of(), List.of(), Map.of(), Set.of(), Set.of());
    Translation t = withCertificates("a.example.com");

    assertThat(check.check(PLAIN, none)).isNull();
    assertThat(check.check(WITH_TLS, t)).isNull();
    assertThat(check.check(PLAIN, t)).contains("a.example.com is served over plain HTTP only");
    assertThat(check.check(WITH_TLS, t)).isNull();
    assertThat(check.check(PLAIN, t)).isNotNull();
  }
}
