package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.Certificate;
import io.breakwater.controller.translate.Translation;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.Tls;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which certificates the TLS frontends get: the bootstrap's own, the Secrets', the default. */
class DesiredConfigTlsTest {
  private static final Config BOOTSTRAP =
      ConfigLoader.parse(
          """
          frontends:
            - {name: http, listen: 127.0.0.1:8080}
            - name: https
              listen: 127.0.0.1:8443
              http2: true
              tls:
                certificates: [{certFile: /etc/tls/own.crt, keyFile: /etc/tls/own.key}]
                protocols: TLSv1.3
          """,
          "bootstrap.yaml");
  private static final Tls.Certificate OWN =
      new Tls.Certificate("/etc/tls/own.crt", null, "/etc/tls/own.key", null);

  private static Certificate secret(String name, String pem) {
    return new Certificate(
        new ObjectRef("Secret", "shop", name),
        List.of(name + ".example.com"),
        List.of(name + ".example.com"),
        "-----BEGIN CERTIFICATE-----\n" + pem + "\n-----END CERTIFICATE-----\n",
        "-----BEGIN PRIVATE KEY-----\n" + pem + "\n-----END PRIVATE KEY-----\n");
  }

  private static Translation translation(Certificate defaultCertificate, Certificate... secrets) {
    return new Translation(
        List.of(),
        null,
        List.of(),
        List.of(secrets),
        List.of(),
        Map.of(),
        Set.of(),
        Set.of(),
        defaultCertificate);
  }

  @Test
  void secretCertificatesFollowTheBootstrapsOwnOnTlsFrontendsOnly() {
    Certificate a = secret("a", "QUFB");
    Certificate b = secret("b", "QkJC");

    Config d = DesiredConfig.of(BOOTSTRAP, translation(null, a, b));

    assertThat(d.frontend("http").tls()).isNull();
    Tls tls = d.frontend("https").tls();
    assertThat(tls.certificates()).containsExactly(OWN, a.toConfig(), b.toConfig());
    assertThat(tls.protocols()).containsExactly("TLSv1.3");
    assertThat(d.frontend("https").http2()).isTrue();
    assertThat(a.toConfig().cert()).startsWith(Certificate.MARKER + "shop/a\n-----BEGIN");
    assertThat(a.toConfig().key()).isEqualTo(a.keyPem());
  }

  @Test
  void theDefaultCertificateComesFirstAndASecretIsAddedOnce() {
    Certificate d = secret("default", "REVG");
    Certificate a = secret("a", "QUFB");

    Config c = DesiredConfig.of(BOOTSTRAP, translation(d, a, d));

    assertThat(c.frontend("https").tls().certificates())
        .containsExactly(d.toConfig(), OWN, a.toConfig());
  }

  @Test
  void theControllersCertificatesInTheRunningConfigAreReplacedNotKept() {
    Config running =
        DesiredConfig.of(
            BOOTSTRAP,
            translation(secret("default", "REVG"), secret("a", "QUFB"), secret("b", "Qg==")));
    // What the dataplane gives back to `show config` is what the controller reads.
    running = ConfigLoader.parse(ConfigWriter.toJson(running), "show config");
    Certificate rotated = secret("b", "QkJC");

    Config d = DesiredConfig.of(running, translation(null, rotated));

    assertThat(d.frontend("https").tls().certificates()).containsExactly(OWN, rotated.toConfig());
    assertThat(DesiredConfig.of(d, translation(null)).frontend("https").tls())
        .isEqualTo(BOOTSTRAP.frontend("https").tls());
  }

  @Test
  void certificatesChangedNeedAFullConfig() {
    Config running = DesiredConfig.of(BOOTSTRAP, translation(null, secret("a", "QUFB")));
    Config rotated = DesiredConfig.of(running, translation(null, secret("a", "QkJC")));

    ApplyPlan plan = ApplyPlan.between(running, rotated);

    assertThat(plan.outcome()).isEqualTo(SyncListener.Outcome.FULL);
    assertThat(plan.reason()).isEqualTo("certificates changed");
  }
}
