package io.breakwater.controller.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the CRD YAML of {@code crds/} from the classes with fabric8's crd-generator (v2). Test
 * scope: the generator is a build tool, not something the controller ships.
 */
final class CrdGenerator {

  /** The command that rewrites {@code crds/}, for failure messages and the files' header. */
  static final String REGENERATE =
      "mvn -q -B -pl controller -am verify -Dtest=CrdFilesTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dbreakwater.updateCrds=true";

  static final List<Class<? extends CustomResource<?, ?>>> RESOURCES =
      List.of(CircuitBreaker.class, RetryPolicy.class);

  private CrdGenerator() {}

  /** File name in {@code crds/} → content, for every resource. */
  static Map<String, String> generate() {
    Path dir;
    try {
      dir = Files.createTempDirectory("crds");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      new CRDGenerator()
          .inOutputDir(dir.toFile())
          .forCRDVersions("v1")
          .withParallelGenerationEnabled(false)
          .withMinQuotes(true)
          .withPostProcessor(
              new CRDPostProcessor() {
                @Override
                public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                  return columnsInDeclaredOrder(crd);
                }
              })
          .customResourceClasses(
              RESOURCES.stream().<Class<? extends HasMetadata>>map(c -> c).toList())
          .generate();
      Map<String, String> files = new LinkedHashMap<>();
      for (Class<? extends CustomResource<?, ?>> c : RESOURCES) {
        String name = HasMetadata.getFullResourceName(c);
        String generated = Files.readString(dir.resolve(name + "-v1.yml"), StandardCharsets.UTF_8);
        files.put(name + ".yaml", withHeader(generated));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(dir);
    }
  }

  /**
   * The generator sorts printer columns by JSON path; kubectl shows them in the CRD's order, which
   * should be the order the class declares them in (Age last, as kubectl's own tables have it).
   */
  private static HasMetadata columnsInDeclaredOrder(HasMetadata crd) {
    CustomResourceDefinition d = (CustomResourceDefinition) crd;
    Class<?> type =
        RESOURCES.stream()
            .filter(c -> HasMetadata.getFullResourceName(c).equals(d.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    List<String> declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion v : d.getSpec().getVersions()) {
      v.getAdditionalPrinterColumns()
          .sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
    }
    return crd;
  }

  /** Replaces fabric8's first comment line by one that says how to regenerate the file. */
  private static String withHeader(String yaml) {
    String body = yaml.startsWith("#") ? yaml.substring(yaml.indexOf('\n') + 1) : yaml;
    return "# Generated from io.breakwater.controller.crd by CrdFilesTest; do not edit.\n"
        + "# Regenerate: "
        + REGENERATE
        + "\n"
        + body;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
