package io.breakwater.controller.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.controller.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code crds/} equal to what the classes generate. Run with {@code
 * -Dbreakwater.updateCrds=true} to rewrite the files instead of failing.
 */
class CrdFilesTest {

  @Test
  void crdFilesMatchTheClasses() {
    Map<String, String> generated = CrdGenerator.generate();
    generated.forEach(
        (name, content) ->
            RepositoryFiles.assertGenerated(
                RepositoryFiles.resolve("crds/" + name),
                content,
                "breakwater.updateCrds",
                CrdGenerator.REGENERATE));
  }

  @Test
  void crdsHoldNoOtherYaml() throws IOException {
    try (Stream<Path> files = Files.list(RepositoryFiles.resolve("crds"))) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")))
          .containsExactlyInAnyOrderElementsOf(CrdGenerator.generate().keySet());
    }
  }
}
