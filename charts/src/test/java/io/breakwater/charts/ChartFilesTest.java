package io.breakwater.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Files that are copies or renderings of others stay in step: the chart's CRDs are the top-level
 * {@code crds/}, {@code deploy/grafana/breakwater.json} is the chart's dashboard, and {@code
 * deploy/breakwater.yaml} is the chart rendered with its defaults. Run with {@code
 * -Dbreakwater.updateManifests=true} ({@code make manifests}) to rewrite them instead.
 */
class ChartFilesTest {

  static final boolean UPDATE = Boolean.getBoolean("breakwater.updateManifests");
  static final String MANIFEST = "deploy/breakwater.yaml";
  static final String DASHBOARD = "charts/breakwater/dashboards/breakwater.json";
  static final String DASHBOARD_COPY = "deploy/grafana/breakwater.json";

  @Test
  void chartCrdsAreTheTopLevelCrds() throws IOException {
    List<String> names = crdNames(Chart.REPO.resolve("crds"));
    assertThat(names)
        .containsExactly("circuitbreakers.breakwater.io.yaml", "retrypolicies.breakwater.io.yaml");
    Path chartCrds = Chart.DIR.resolve("crds");
    if (UPDATE) {
      Files.createDirectories(chartCrds);
      for (String stale : crdNames(chartCrds)) {
        Files.delete(chartCrds.resolve(stale));
      }
      for (String name : names) {
        Files.copy(Chart.REPO.resolve("crds").resolve(name), chartCrds.resolve(name));
      }
    }
    assertThat(crdNames(chartCrds)).as("charts/breakwater/crds/").isEqualTo(names);
    for (String name : names) {
      assertThat(Chart.read("charts/breakwater/crds/" + name))
          .as("charts/breakwater/crds/%s differs from crds/%s: run `make manifests`", name, name)
          .isEqualTo(Chart.read("crds/" + name));
    }
  }

  @Test
  void deployedDashboardIsTheChartsDashboard() throws IOException {
    if (UPDATE) {
      Files.createDirectories(Chart.REPO.resolve(DASHBOARD_COPY).getParent());
      Files.writeString(Chart.REPO.resolve(DASHBOARD_COPY), Chart.read(DASHBOARD));
    }
    assertThat(Chart.read(DASHBOARD_COPY))
        .as("%s differs from %s: run `make manifests`", DASHBOARD_COPY, DASHBOARD)
        .isEqualTo(Chart.read(DASHBOARD));
  }

  @Test
  void renderedManifestIsCurrent() throws IOException {
    String expected = manifest();
    Path file = Chart.REPO.resolve(MANIFEST);
    if (UPDATE) {
      Files.writeString(file, expected);
    }
    assertThat(Files.exists(file)).as("%s exists: run `make manifests`", MANIFEST).isTrue();
    assertThat(Files.readString(file))
        .as("%s is stale: run `make manifests`", MANIFEST)
        .isEqualTo(expected);
  }

  @Test
  void renderedManifestHoldsTheNamespaceTheCrdsAndEveryChartObject() {
    Rendered all = Rendered.parse(manifest());
    assertThat(all.kinds())
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "Deployment",
            "IngressClass",
            "Namespace",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "Service",
            "ServiceAccount");
    // The namespace comes first and the CRDs before anything could use them.
    assertThat(all.objects.subList(0, 3))
        .extracting(o -> o.getKind())
        .containsExactly("Namespace", "CustomResourceDefinition", "CustomResourceDefinition");
  }

  /** What {@code kubectl apply -f deploy/breakwater.yaml} installs: namespace, CRDs, the chart. */
  static String manifest() {
    StringBuilder out = new StringBuilder();
    out.append(
        """
        # Breakwater with the Helm chart's default values, for `kubectl apply -f deploy/breakwater.yaml`.
        # Generated from charts/breakwater (release "breakwater", namespace "breakwater") by
        # ChartFilesTest; do not edit: change the chart and run `make manifests`. docs/install.md says more.
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: breakwater
          labels:
            app.kubernetes.io/name: breakwater
            app.kubernetes.io/part-of: breakwater
            # The pod meets the restricted Pod Security Standard.
            pod-security.kubernetes.io/enforce: restricted
        """);
    try {
      for (String name : crdNames(Chart.REPO.resolve("crds"))) {
        out.append("---\n").append(Chart.read("crds/" + name));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String templates = Chart.template();
    out.append(templates.startsWith("---") ? templates : "---\n" + templates);
    return out.toString();
  }

  private static List<String> crdNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
