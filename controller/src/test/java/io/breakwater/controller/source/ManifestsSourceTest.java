package io.breakwater.controller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breakwater.controller.model.ClusterSnapshot;
import io.breakwater.dataplane.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifests directory as a source: what is read, what is skipped, and when it is read again. */
class ManifestsSourceTest {
  @TempDir Path dir;

  private static String service(String name) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: "
        + name
        + "}\nspec: {ports: [{port: 80}]}\n";
  }

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private static java.util.List<String> serviceNames(ClusterSnapshot s) {
    return s.services().stream().map(x -> x.getMetadata().getName()).toList();
  }

  @Test
  void readsEveryYamlYmlAndJsonFileBelowTheDirectoryWithManyDocumentsEach() throws IOException {
    write("a.yaml", service("a") + "---\n" + service("b"));
    write("sub/c.yml", service("c"));
    write(
        "d.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"d\"}}");
    write("notes.txt", service("ignored"));
    write(".hidden/e.yaml", service("hidden"));

    ManifestsSource.Read r = ManifestsSource.read(dir);

    assertThat(serviceNames(r.snapshot())).containsExactly("a", "b", "d", "c");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void aBadFileIsReportedWithItsPathAndTheOthersStillApply() throws IOException {
    write("good.yaml", service("good"));
    Path bad = write("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: [oops\n");
    Path nameless = write("nameless.yaml", "apiVersion: v1\nkind: Service\nmetadata: {}\n");

    ManifestsSource.Read r = ManifestsSource.read(dir);

    assertThat(serviceNames(r.snapshot())).containsExactly("good");
    assertThat(r.problems())
        .extracting(ManifestsSource.FileProblem::file)
        .containsExactly(bad, nameless);
    assertThat(r.problems().get(1).message()).contains("metadata.name is required");
  }

  @Test
  void anObjectDefinedTwiceIsTakenFromTheFirstFileAndTheSecondReported() throws IOException {
    write("1.yaml", service("web"));
    Path second = write("2.yaml", service("web").replace("80", "81"));

    ManifestsSource.Read r = ManifestsSource.read(dir);

    assertThat(r.snapshot().services()).hasSize(1);
    assertThat(r.snapshot().services().get(0).getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo(second));
  }

  @Test
  void aReloadSeesChangedFilesAndSignalsOnlyWhenSomethingChanged() throws IOException {
    write("a.yaml", service("a"));
    AtomicInteger changes = new AtomicInteger();
    try (ManifestsSource source =
        new ManifestsSource(dir, Duration.ofHours(1), Duration.ofMillis(10))) {
      source.start(changes::incrementAndGet);
      assertThat(changes.get()).isEqualTo(1);
      assertThat(source.ready()).isTrue();

      assertThat(source.reload()).isFalse();
      write("b.yaml", service("b"));
      assertThat(source.reload()).isTrue();
      assertThat(serviceNames(source.snapshot())).containsExactly("a", "b");

      Files.delete(dir.resolve("a.yaml"));
      source.reload();
      assertThat(serviceNames(source.snapshot())).containsExactly("b");
      assertThat(changes.get()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aWrittenFileIsNoticedWithoutARescan() throws IOException {
    AtomicInteger changes = new AtomicInteger();
    try (ManifestsSource source =
        new ManifestsSource(dir, Duration.ofHours(1), Duration.ofMillis(10))) {
      source.start(changes::incrementAndGet);
      write("new.yaml", service("new"));
      Await.until(() -> serviceNames(source.snapshot()).contains("new"), Duration.ofSeconds(20));
      assertThat(changes.get()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aMissingDirectoryIsAClearErrorAtStart() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> new ManifestsSource(missing).start(() -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not a directory");
  }
}
