package io.breakwater.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/runtime-api.md documents every command form that {@code help} lists, at its level, and the
 * commands the audit log covers.
 */
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

  @Test
  void theAuditedCommandsAreTheOnesTheDocumentLists() throws Exception {
    String doc = Files.readString(repositoryFile("docs/runtime-api.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?s)The audited commands.*?table\\):(.*?)\\.\\s").matcher(doc);
    assertThat(m.find()).as("docs/runtime-api.md lists the audited commands").isTrue();
    Set<String> documented = new TreeSet<>();
    Matcher words = Pattern.compile("`([^`]+)`").matcher(m.group(1));
    while (words.find()) {
      documented.add(words.group(1));
    }
    Set<String> audited = new TreeSet<>();
    for (Command c : new Commands(null).table()) {
      if (c.isAudited()) {
        audited.add(String.join(" ", c.key()));
      }
    }
    assertThat(documented).isEqualTo(audited);
  }
}
