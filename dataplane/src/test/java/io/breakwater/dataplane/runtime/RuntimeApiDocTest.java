package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/runtime-api.md documents every command form that {@code help} lists, at its level. */
class RuntimeApiDocTest {

  private static Path repositoryFile(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyCommandIsDocumentedWithItsLevel() throws Exception {
    String doc =
        Files.readString(repositoryFile("docs/runtime-api.md"), StandardCharsets.UTF_8)
            .replace("\\|", "|");
    for (Command c : new Commands(null).table()) {
      for (Command.Help h : c.help()) {
        String usage =
            h.usage()
                .replace("<backend>/<server>", "<b>/<s>")
                .replace("backend <backend>", "backend <b>");
        String level = h.level().name().substring(0, 1);
        assertThat(doc)
            .as("docs/runtime-api.md documents %s at level %s", usage, level)
            .containsPattern(
                "(?m)^\\| `"
                    + java.util.regex.Pattern.quote(usage)
                    + "`[^|]*\\| "
                    + level
                    + " \\|");
      }
    }
  }
}
