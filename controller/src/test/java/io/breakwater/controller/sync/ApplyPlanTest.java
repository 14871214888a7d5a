package io.breakwater.controller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.sync.SyncListener.Outcome;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The smallest apply between two configs, and the reason for a full one. */
class ApplyPlanTest {
  private static final String BASE =
      """
      frontends:
        - name: http
          listen: 127.0.0.1:8080
          routes: [{host: a.test, path: /, backend: ns/a/80}]
      backends:
        - name: ns/a/80
          servers: [{name: p1, address: 10.0.0.1:80}]
        - name: ns/b/80
          servers: [{name: p2, address: 10.0.0.2:80}]
      """;

  private static Config config(String yaml) {
    return ConfigLoader.parse(yaml, "test.yaml");
  }

  @Test
  void equalConfigsNeedNothing() {
    ApplyPlan p = ApplyPlan.between(config(BASE), config(BASE));
    assertThat(p.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(p.backends()).isEmpty();
  }

  @Test
  void serverChangesAloneReplaceTheChangedBackendsServersOnly() {
    Config desired = config(BASE.replace("10.0.0.2:80", "10.0.0.3:80"));
    ApplyPlan p = ApplyPlan.between(config(BASE), desired);
    assertThat(p.outcome()).isEqualTo(Outcome.SERVERS);
    assertThat(p.backends()).extracting(Backend::name).containsExactly("ns/b/80");
    assertThat(p.backends().get(0)).isEqualTo(desired.backend("ns/b/80"));
  }

  @Test
  void aRouteChangeIsAFullApply() {
    ApplyPlan p = ApplyPlan.between(config(BASE), config(BASE.replace("a.test", "c.test")));
    assertThat(p.outcome()).isEqualTo(Outcome.FULL);
    assertThat(p.reason()).isEqualTo("routes changed");
  }

  @Test
  void aBackendSettingChangeIsAFullApplyNamingTheBackend() {
    Config desired =
        config(BASE.replace("  - name: ns/b/80\n", "  - name: ns/b/80\n    balance: leastconn\n"));
    ApplyPlan p = ApplyPlan.between(config(BASE), desired);
    assertThat(p.outcome()).isEqualTo(Outcome.FULL);
    assertThat(p.reason()).isEqualTo("settings of backend ns/b/80 changed");
  }

  @Test
  void anAddedOrRemovedBackendIsAFullApplyNamingIt() {
    String withC = BASE + "  - name: ns/c/80\n    servers: [{name: p3, address: 10.0.0.3:80}]\n";
    assertThat(ApplyPlan.between(config(BASE), config(withC)).reason())
        .isEqualTo("backend ns/c/80 added");
    assertThat(ApplyPlan.between(config(withC), config(BASE)).reason())
        .isEqualTo("backend ns/c/80 removed");
  }

  @Test
  void changedDefaultsAreAFullApply() {
    Config desired = config("defaults: {balance: leastconn}\n" + BASE);
    assertThat(ApplyPlan.between(config(BASE), desired).outcome()).isEqualTo(Outcome.FULL);
  }
}
