package io.breakwater.dataplane.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from a test, whichever directory Maven runs it in. */
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
}
