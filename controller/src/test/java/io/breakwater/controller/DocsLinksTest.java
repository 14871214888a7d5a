package io.breakwater.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Links between the controller's pages land on a heading that exists. */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([a-z-]+\\.md)?(?:#([^)]+))?\\)");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "docs/controller.md",
        "docs/controller-status.md",
        "docs/controller-metrics.md",
        "docs/annotations.md",
        "crds/README.md"
      })
  void everyLinkLandsOnAHeading(String page) throws IOException {
    Path file = RepositoryFiles.resolve(page);
    Matcher m = LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      Path target = m.group(1) == null ? file : file.resolveSibling(m.group(1));
      if (!Files.exists(target)) {
        target = RepositoryFiles.resolve("docs/" + m.group(1));
      }
      assertThat(target).as("link %s in %s", m.group(), page).exists();
      if (m.group(2) != null) {
        assertThat(anchors(target)).as("link %s in %s", m.group(), page).contains(m.group(2));
      }
    }
  }

  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+ ", "");
        anchors.add(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
