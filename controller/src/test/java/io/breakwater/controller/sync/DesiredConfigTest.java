package io.breakwater.controller.sync;

import static io.breakwater.controller.sync.Apps.app;
import static io.breakwater.controller.sync.Apps.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.translate.TranslateOptions;
import io.breakwater.controller.translate.Translation;
import io.breakwater.controller.translate.Translator;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Frontend;
import org.junit.jupiter.api.Test;

/** Which parts of the config the controller replaces, and which stay the bootstrap's. */
class DesiredConfigTest {
  private static final Config BOOTSTRAP =
      ConfigLoader.parse(
          """
          defaults: {balance: leastconn}
          frontends:
            - {name: http, listen: 127.0.0.1:8080, defaultBackend: fallback}
            - name: alt
              listen: 127.0.0.1:8081
              routes: [{path: /old, backend: old/svc/80}]
          backends:
            - name: fallback
              servers: [{name: page, address: 127.0.0.1:9000}]
            - name: old/svc/80
              servers: [{name: p, address: 10.9.9.9:80}]
          """,
          "bootstrap.yaml");

  private static Translation translate(String... documents) {
    return Translator.translate(
        snapshot(documents), TranslateOptions.DEFAULT.withDefaults(BOOTSTRAP.defaults()));
  }

  @Test
  void ingressRoutesReplaceTheRoutesOfEveryFrontendAndListenersStay() {
    Config d = DesiredConfig.of(BOOTSTRAP, translate(app("web", "web.test", "10.0.0.1", 80)));

    assertThat(d.frontends()).extracting(Frontend::name).containsExactly("http", "alt");
    for (Frontend f : d.frontends()) {
      assertThat(f.routes())
          .singleElement()
          .satisfies(r -> assertThat(r.host()).isEqualTo("web.test"));
    }
    assertThat(d.frontend("alt").listen().port()).isEqualTo(8081);
    assertThat(d.global()).isEqualTo(BOOTSTRAP.global());
    assertThat(d.defaults()).isEqualTo(BOOTSTRAP.defaults());
  }

  @Test
  void bootstrapBackendsStayAndControllerBackendsAreReplaced() {
    Config d = DesiredConfig.of(BOOTSTRAP, translate(app("web", "web.test", "10.0.0.1", 80)));

    assertThat(d.backends())
        .extracting(Backend::name)
        .containsExactly("fallback", "default/web/80");
    assertThat(d.backend("default/web/80").balance()).isEqualTo(BOOTSTRAP.defaults().balance());
  }

  @Test
  void theBootstrapDefaultBackendStaysUntilAnIngressNamesOne() {
    Config d = DesiredConfig.of(BOOTSTRAP, translate(app("web", "web.test", "10.0.0.1", 80)));
    assertThat(d.frontend("http").defaultBackend()).isEqualTo("fallback");
    assertThat(d.frontend("alt").defaultBackend()).isNull();

    String withDefault =
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: catch-all, namespace: default}
        spec:
          ingressClassName: breakwater
          defaultBackend: {service: {name: web, port: {number: 80}}}
        """;
    Config d2 =
        DesiredConfig.of(BOOTSTRAP, translate(app("web", "web.test", "10.0.0.1", 80), withDefault));
    assertThat(d2.frontend("http").defaultBackend()).isEqualTo("default/web/80");
    assertThat(d2.frontend("alt").defaultBackend()).isEqualTo("default/web/80");
  }

  @Test
  void theResultIsAValidConfig() {
    Config d = DesiredConfig.of(BOOTSTRAP, translate(app("web", "web.test", "10.0.0.1", 80, 81)));
    assertThat(io.breakwater.dataplane.config.ConfigValidator.validate(d)).isEmpty();
  }
}
