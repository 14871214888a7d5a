package io.breakwater.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;

/**
 * Files of the repository for tests, whichever directory Maven runs them in; and the check shared
 * by the tests that keep generated files (docs, CRDs, golden files) equal to what the code
 * produces.
 */
public final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The path relative to the repository root: the nearest ancestor holding {@code docs/}. */
  public static Path resolve(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException("no repository root (with docs/ and pom.xml) above " + dir);
  }

  /**
   * Fails unless the file holds exactly {@code expected}; when the system property {@code
   * updateProperty} is true, rewrites the file instead. {@code regenerate} is the command the
   * failure message tells the reader to run.
   */
  public static void assertGenerated(
      Path file, String expected, String updateProperty, String regenerate) {
    try {
      if (Boolean.getBoolean(updateProperty)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, expected, StandardCharsets.UTF_8);
        return;
      }
      String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      Assertions.assertThat(current)
          .as("%s is out of date; regenerate it with: %s", file, regenerate)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
