package io.breakwater.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.breakwater.controller.RepositoryFiles;
import io.breakwater.controller.metrics.MetricsServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The arguments the Helm chart gives its two containers are command lines this jar accepts: those
 * of {@code deploy/breakwater.yaml} (the chart's defaults), and those of the chart with every
 * controller value switched away from its default, parsed by the real {@code breakwater} command
 * line (picocli; parsing only, nothing runs). A flag the chart passes that the CLI lacks, or a
 * value in a form it refuses, fails here rather than in a crash-looping pod.
 */
class ChartArgsTest {

  @TempDir Path dir;

  @Test
  void theInstallManifestsContainersRunCommandLinesTheJarAccepts() throws IOException {
    Deployment deployment =
        deployment(Files.readString(RepositoryFiles.resolve("deploy/breakwater.yaml")));

    ParseResult controller = parse(container(deployment, "controller"));
    assertThat(controller.subcommand().commandSpec().name()).isEqualTo("controller");
    ParseResult dataplane = parse(container(deployment, "dataplane"));
    assertThat(dataplane.subcommand().commandSpec().name()).isEqualTo("dataplane");
  }

  @Test
  void theControllerListensForItsProbesOnThePortTheyName() throws IOException {
    Container controller =
        container(
            deployment(Files.readString(RepositoryFiles.resolve("deploy/breakwater.yaml"))),
            "controller");
    ParseResult parsed = parse(controller).subcommand();
    InetSocketAddress listen =
        MetricsServer.parseListen(parsed.matchedOptionValue("--metrics-listen", (String) null));

    assertThat(listen.getAddress().isAnyLocalAddress())
        .as("the kubelet probes the pod's address, so every interface")
        .isTrue();
    int port =
        controller.getPorts().stream()
            .filter(
                p ->
                    p.getName()
                        .equals(controller.getReadinessProbe().getHttpGet().getPort().getStrVal()))
            .findFirst()
            .orElseThrow()
            .getContainerPort();
    assertThat(listen.getPort()).isEqualTo(port);
    assertThat(controller.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(controller.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void everyControllerValueBecomesAFlagTheControllerAccepts() throws IOException {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            """
            controller:
              watchNamespaces: [shop, blog]
              watchIngressWithoutClass: true
              endpoints: endpoints
              externalNameServices: false
              publishAddress: 203.0.113.7
              leaderElect: true
              leaseName: ingress-leader
              metricsPort: 9200
              syncPeriod: 1m
              debounce: 100ms
              maxDelay: 1s
              dataplaneTimeout: 2m
            """);
    String rendered =
        new Helm(RepositoryFiles.resolve("charts/breakwater"))
            .template()
            .withName("breakwater")
            .withNamespace("breakwater")
            .withValuesFile(values)
            .call();
    Container controller = container(deployment(rendered), "controller");

    ParseResult parsed = parse(controller).subcommand();

    assertThat(parsed.matchedOptionValue("--watch-namespace", List.<String>of()))
        .containsExactly("shop", "blog");
    assertThat(parsed.hasMatchedOption("--watch-ingress-without-class")).isTrue();
    assertThat(parsed.hasMatchedOption("--endpoints")).isTrue();
    assertThat(parsed.hasMatchedOption("--external-name-services")).isTrue();
    assertThat(parsed.matchedOptionValue("--publish-address", "")).isEqualTo("203.0.113.7");
    assertThat(parsed.hasMatchedOption("--leader-elect")).isTrue();
    assertThat(parsed.matchedOptionValue("--lease-name", "")).isEqualTo("ingress-leader");
    assertThat(parsed.matchedOptionValue("--metrics-listen", "")).isEqualTo("0.0.0.0:9200");
    assertThat(parsed.matchedOptionValue("--sync-period", java.time.Duration.ZERO))
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(parsed.matchedOptionValue("--debounce", java.time.Duration.ZERO))
        .isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(parsed.matchedOptionValue("--max-delay", java.time.Duration.ZERO))
        .isEqualTo(java.time.Duration.ofSeconds(1));
    assertThat(parsed.matchedOptionValue("--dataplane-timeout", java.time.Duration.ZERO))
        .isEqualTo(java.time.Duration.ofMinutes(2));
  }

  private static ParseResult parse(Container container) {
    ParseResult result =
        new CommandLine(new Main()).parseArgs(container.getArgs().toArray(String[]::new));
    assertThat(result.unmatched())
        .as("%s: arguments the CLI ignored", container.getName())
        .isEmpty();
    return result;
  }

  private static Deployment deployment(String yaml) {
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.contains("\nkind: Deployment\n")) {
        return Serialization.unmarshal(doc, Deployment.class);
      }
    }
    throw new AssertionError("no Deployment");
  }

  private static Container container(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }
}
